import Foundation
import StudioFuzzSupport
import Testing
@testable import StudioTemplates

/// The template language under generated input (docs/RELIABILITY.md, "Fuzzing"): compiling and
/// rendering never trap or hang, every error names a place inside the template it blames, and
/// valid templates render with every printed value escaped.
@Suite struct TemplateFuzzTests {
    /// How many characters each line of `source` has, lines ending at each LF, as
    /// `SourceLocation` counts them (a CR before the LF is a character of its line).
    static func lineLengths(_ source: String) -> [Int] {
        source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self).count }
    }

    /// Problems with `error`: it must blame one of `sources`, at a place inside it.
    static func problems(with error: TemplateError, sources: [String: String]) -> [String] {
        guard let source = sources[error.template] else { return ["\"\(error)\" blames no template of the set"] }
        let lengths = lineLengths(source)
        guard error.line >= 1, error.line <= lengths.count, error.column >= 1, error.column <= lengths[error.line - 1] + 1 else {
            return ["\"\(error)\" points outside `\(error.template)` (\(lengths.count) lines)"]
        }
        guard error.description.hasPrefix("\(error.template):\(error.line):\(error.column): "), !error.message.isEmpty else {
            return ["\"\(error)\" is not template:line:column: message"]
        }
        return []
    }

    /// Compiles `sources` as a set and renders `page` with `context`: a value, or an error with
    /// a place (either is fine; a trap, a hang or a placeless error is not).
    static func check(page: String, sources: [String: String], context: TemplateValue) -> FuzzCampaign.Verdict {
        do {
            let set = try TemplateSet(sources: sources)
            do {
                _ = try set.render(page, context)
                return .pass("rendered")
            } catch {
                return .init(problems: problems(with: error, sources: sources), tally: "render error")
            }
        } catch {
            return .init(problems: problems(with: error, sources: sources), tally: "compile error")
        }
    }

    static let mutator = FuzzMutator(tokens: [
        "{{", "}}", "{{{", "}}}", "{{#", "{{^", "{{/", "{{>", "{{!", "{{&", "{{else}}", "{{.}}", "{{@index}}", "?", ".", "\n", "\r\n",
        "{{#items}}", "{{/items}}", "{{title}}", "{{> part}}", "{{> page}}", "{{track.title.x}}", "{{ items }}", "{{=<% %>=}}",
        "é", "🎵", "\u{0}", "{{#a}}{{#b}}", "{{/b}}{{/a}}",
    ])

    /// Valid generated templates render, and escape every value they print; then, mutated,
    /// they compile and render or fail with a place.
    @Test func generatedTemplatesRenderEscapedAndMutationsFailWithAPlace() async {
        let report = await FuzzCampaign("generated templates", seed: 0x7E3B_2026, iterations: 10_000, seconds: 5).run(
            generate: { random, _ in
                let source = TemplateGrammar.template(depth: 3, using: &random)
                return (source, Self.mutator.mutate(source, using: &random))
            },
            describe: { FuzzDescription.of($0.0) + " mutated to " + FuzzDescription.of($0.1) },
            check: { source, mutated in
                var problems: [String] = []
                do {
                    let set = try TemplateSet(sources: ["page": source, "part": TemplateGrammar.partial])
                    let output = try set.render("page", TemplateGrammar.context)
                    if output.contains("<script") { problems.append("an unescaped value in the output: \(FuzzDescription.of(output))") }
                } catch {
                    problems.append("a valid template failed: \(error)")
                }
                let mutation = Self.check(page: "page", sources: ["page": mutated, "part": TemplateGrammar.partial], context: TemplateGrammar.context)
                return .init(problems: problems + mutation.problems, tally: mutation.tally.map { "mutated: " + $0 })
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.tallies["mutated: compile error", default: 0] > 0 && report.tallies["mutated: rendered", default: 0] > 0)
    }

    /// The real share-page templates, one of them mutated at a time, rendered with the real
    /// sample contexts: errors, at compile or render time, blame a place in the template at fault.
    @Test func mutatedSharePagesFailWithAPlace() async throws {
        let directory = SharePageTemplateTests.templatesDirectory
        var sources: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".html") {
            sources[String(file.dropLast(5))] = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        }
        let contexts: [String: TemplateValue] = ["track": try SharePageTemplateTests.trackContext(),
                                                 "collection": try SharePageTemplateTests.collectionContext(),
                                                 "404": try SharePageTemplateTests.notFoundContext(), "focus": try SharePageTemplateTests.notFoundContext()]
        let names = sources.keys.sorted()
        let original = sources
        let report = await FuzzCampaign("mutated share pages", seed: 0x5A6E_2026, iterations: 6000, seconds: 5).run(
            generate: { random, _ in
                var sources = original
                let victim = random.pick(names)
                sources[victim] = Self.mutator.mutate(original[victim]!, using: &random)
                let page = random.pick(contexts.keys.sorted())
                return (victim, sources, page)
            },
            describe: { "\($0.0) mutated to " + FuzzDescription.of($0.1[$0.0]!, limit: 4000) + " rendering \($0.2)" },
            check: { _, sources, page in Self.check(page: page, sources: sources, context: contexts[page]!) })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.inputs > 100)
    }
}
