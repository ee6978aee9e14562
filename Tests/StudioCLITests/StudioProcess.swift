import Foundation
import Testing

/// Runs the built `studio` executable, as a user or a script would.
struct StudioProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `studio` built by the same `swift test` run: it sits beside the test bundle in the
    /// build folder, whatever `--scratch-path` and configuration were used.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("studio")
    }

    /// Foundation's internal error text, which no `studio` output may carry (issue #16).
    static let rawErrorMarkers = ["NSCocoaErrorDomain", "Error Domain=", "UserInfo="]

    /// `environment` adds to (or overrides) the test's own environment for this one run;
    /// `directory` is the working directory (default: the test's own).
    ///
    /// Every run of `studio` in the suite is also checked for Foundation's raw error text on
    /// stdout and stderr, so that each error path any test reaches is covered by that check.
    static func run(_ arguments: [String], executable: URL = StudioProcess.executable,
                    environment: [String: String] = [:], directory: URL? = nil) throws -> Result {
        let result = try runTool(executable, arguments, environment: environment, directory: directory)
        for marker in rawErrorMarkers where result.stderr.contains(marker) || result.stdout.contains(marker) {
            Issue.record("studio \(arguments.joined(separator: " ")) printed Foundation's raw error text (\(marker)):\n\(result.stderr)")
        }
        return result
    }

    static func runTool(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                        directory workingDirectory: URL? = nil) throws -> Result {
        // Output goes to files, not pipes: a child that fills one pipe while we wait on the other
        // (ffmpeg's ebur128 log on stderr) would otherwise deadlock the test.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout"), errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("studio-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
