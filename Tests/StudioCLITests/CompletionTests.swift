import Foundation
import Testing

/// `studio completion bash|zsh` (issue #16): the scripts loaded into the real shells, their
/// completion functions called as the shell would, and what they offer checked.
@Suite struct CompletionTests {
    /// PATH with the `studio` under test first: the scripts call `studio` to list options and engines.
    static var environment: [String: String] {
        ["PATH": StudioProcess.executable.deletingLastPathComponent().path + ":/usr/bin:/bin"]
    }

    static func bash(_ words: [String]) throws -> [String] {
        let script = """
            source <(studio completion bash)
            COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); COMP_CWORD=\(words.count - 1)
            _studio; printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try StudioProcess.runTool(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    static func zsh(_ words: [String]) throws -> [String] {
        // compadd prints what it is given (zsh itself filters by the typed prefix).
        let script = """
            compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }
            _files() { print -- FILES }
            compdef() { }
            source <(studio completion zsh)
            words=(\(words.map { "'\($0)'" }.joined(separator: " "))); CURRENT=\(words.count)
            _studio
            """
        let result = try StudioProcess.runTool(URL(fileURLWithPath: "/usr/bin/zsh"), ["-f", "-c", script], environment: environment)
        #expect(result.status == 0, "zsh (installed by make test): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesCommandsOptionsEnginesAndFormats() throws {
        #expect(try Self.bash(["studio", "bu"]) == ["build"])
        #expect(try Self.bash(["studio", "render", "--eng"]) == ["--engine"])
        #expect(try Self.bash(["studio", "render", "--engine", "lo"]) == ["lofi-1"])
        #expect(try Self.bash(["studio", "render", "--format", "wav"]).sorted() == ["wav", "wav-float", "wav24"])
        #expect(try Self.bash(["studio", "build", "--sh"]) == ["--shard"])
        #expect(try Self.bash(["studio", "help", "tem"]) == ["templates"])
    }

    @Test func zshCompletesCommandsOptionsEnginesAndFormats() throws {
        #expect(try Self.zsh(["studio", "b"]).contains("build"))
        #expect(try Self.zsh(["studio", "render", "--"]).contains("--engine"))
        #expect(try Self.zsh(["studio", "render", "--engine", ""]).sorted() == ["ambient-1", "keys-1", "lofi-1", "pulse-1"])
        #expect(try Self.zsh(["studio", "render", "--format", ""]).contains("opus"))
        #expect(try Self.zsh(["studio", "analyze", "a"]) == ["FILES"])
    }
}
