import Foundation
import StudioCore
import StudioFuzzSupport
import Testing
@testable import StudioRecipes

/// The recipe reader under generated input (docs/RELIABILITY.md, "Fuzzing"): it never traps or
/// hangs, and whatever it says about a file points inside that file.
@Suite struct RecipeFuzzTests {
    /// The column each line of `text` may end at, counting lines and columns as
    /// `SourcePosition` does: LF, CR, CR LF, U+2028 and U+2029 end a line; columns count scalars
    /// (a CR before its LF is the last column of its line). A position may sit one past a line's
    /// last scalar (an error at its end).
    static func lineLengths(_ text: String) -> [Int] {
        var lengths = [0]
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\n", "\u{2028}", "\u{2029}": lengths.append(0)
            case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n": lengths[lengths.count - 1] += 1
            case "\r": lengths.append(0)
            default: lengths[lengths.count - 1] += 1
            }
        }
        return lengths
    }

    static func isInside(_ position: SourcePosition, _ lengths: [Int]) -> Bool {
        position.line >= 1 && position.line <= lengths.count && position.column >= 1 && position.column <= lengths[position.line - 1] + 1
    }

    static let path = "recipes/fuzz.json5"

    /// Loads `text` as the only recipe file and lists every broken rule: a failure must name at
    /// least one problem, each with this file and a line and column inside it; a success must
    /// place every object it declares inside the file too.
    static func problems(loading text: String) -> (problems: [String], tally: String) {
        let lengths = lineLengths(text)
        var problems: [String] = []
        switch RecipeLoader.load(sources: [.init(path: path, text: text)], engines: RecipeFixtures.engines) {
        case .failure(let errors):
            if errors.diagnostics.isEmpty { problems.append("a failure without a diagnostic") }
            for diagnostic in errors.diagnostics {
                guard diagnostic.file == path, let position = diagnostic.position else {
                    problems.append("\"\(diagnostic)\" names no place in \(path)")
                    continue
                }
                if !isInside(position, lengths) { problems.append("\"\(diagnostic)\" points outside the file (\(lengths.count) lines)") }
                if !diagnostic.description.hasPrefix("\(path):\(position.line):\(position.column): ") || diagnostic.message.isEmpty {
                    problems.append("\"\(diagnostic)\" is not file:line:column: message")
                }
            }
            let syntax = errors.diagnostics.contains { $0.message.hasPrefix("syntax error") }
            return (problems, syntax ? "syntax error" : "invalid")
        case .success(let set):
            let locations = set.files.flatMap { file in
                file.tracks.map(\.location) + file.collections.map(\.location) + file.shares.map(\.location) + file.focusSessions.map(\.location)
            }
            for location in locations where location.file != path || !isInside(location.position, lengths) {
                problems.append("declared at \(location), outside the file")
            }
            return (problems, "valid")
        }
    }

    static let corpus: [String] = {
        var texts = [RecipeFixtures.contractExample]
        let showcase = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../recipes/10-showcase.json5")
        if let text = try? String(contentsOf: showcase, encoding: .utf8) { texts.append(text) }
        texts.append("""
            {organization: 'x', tracks: {"a-b": {engine: "keys-1", prompt: 'p', duration: 0x1E, bpm: +60.5, formats: ['wav',],},},
             shares: [{track: "a-b", expires: "2030-01-01T00:00:00.5+02:00"}], focus: {f: {engine: "ambient-1", prompt: "r", target: "1:00:00"}}}
            """)
        return texts
    }()

    static let mutator = FuzzMutator(tokens: [
        "{", "}", "[", "]", ",", ":", "\"", "'", "//", "/*", "*/", "\n", "\r", "\r\n", "\u{2028}", "\\", "\\u00", "\\x4", "\\u{",
        "Infinity", "-Infinity", "NaN", "0x", "1e999", ".5", "+", "-", "true", "null", "tracks: {", "organization: \"o\",",
        "engine: \"ambient-1\",", "duration: \"1:30\",", "duration: \"99:99:99\",", "bpm: 500,", "seed: -1,", "key: \"H major\",",
        "formats: [\"flac\", \"flac\"],", "expires: \"2027-02-30T00:00:00Z\",", "save: 1,", "collections: {c: {name: \"\"}},",
        "shares: [{track: \"nope\"}],", "focus: {f: {}},", "é", "🎵", "\u{FEFF}", "\u{0}", "\u{A0}", "[[[[[[[[", "{a:{a:{a:",
    ])

    /// Mutations of real recipes: every outcome's places lie inside the file.
    @Test func mutatedRecipesReportPlacesInsideTheFile() async {
        let report = await FuzzCampaign("mutated recipes", seed: 0x2EC1_2026, iterations: 10_000, seconds: 6).run(
            generate: { random, iteration in Self.mutator.mutate(Self.corpus[iteration % Self.corpus.count], using: &random) },
            describe: { FuzzDescription.of($0) },
            check: { text in
                let (problems, tally) = Self.problems(loading: text)
                return .init(problems: problems, tally: tally)
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.tallies["syntax error", default: 0] > 0 && report.tallies["invalid", default: 0] > 0)
    }

    /// JSON5 written in every style the grammar allows: the position index finds no error, and
    /// records exactly the places the writer noted for every key and value, and the key order.
    /// Then the same text, mutated, through the whole reader.
    @Test func generatedJSON5IsIndexedExactly() async {
        let report = await FuzzCampaign("generated JSON5", seed: 0x7503_2026, iterations: 10_000, seconds: 5).run(
            generate: { random, _ in
                let document = JSON5DocumentGrammar.document(depth: 4, using: &random)
                return (document.text, document.entries, document.keyOrder, Self.mutator.mutate(document.text, using: &random))
            },
            describe: { FuzzDescription.of($0.0) + " mutated to " + FuzzDescription.of($0.3) },
            check: { text, entries, keyOrder, mutated in
                var problems: [String] = []
                let index = JSON5PositionIndex(scanning: text)
                if let error = index.syntaxError { problems.append("valid JSON5 refused: \(error)") }
                for (path, entry) in entries where index[path] != entry {
                    problems.append("\(path.description.isEmpty ? "root" : path.description): written at \(entry), indexed at \(index[path].map { "\($0)" } ?? "nothing")")
                }
                if index.entries.count != entries.count { problems.append("\(index.entries.count) places indexed, \(entries.count) written") }
                for (path, keys) in keyOrder where index.keys(of: path) != keys {
                    problems.append("keys of \(path): written \(keys), indexed \(index.keys(of: path))")
                }
                let mutatedIndex = JSON5PositionIndex(scanning: mutated)
                if let error = mutatedIndex.syntaxError, !Self.isInside(error.position, Self.lineLengths(mutated)) {
                    problems.append("syntax error \(error) outside the mutated text")
                }
                problems += Self.problems(loading: mutated).problems.map { "mutated: " + $0 }
                return .init(problems: Array(problems.prefix(4)), tally: index.syntaxError == nil ? "indexed" : "refused")
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.inputs > 100)  // a floor for a slow machine: the budget, not the count, bounds it
    }
}
