import Foundation
import Testing
@testable import StudioTemplates

@Suite struct PartialTests {
    @Test func partialsRenderWithTheCallersContext() throws {
        let set = try TemplateSet(sources: [
            "page": "<ul>{{#tracks}}{{> row }}{{/tracks}}</ul>",
            "row": "<li>{{ @number }}. {{ title }} — {{ collection }}</li>",
        ])
        let context: TemplateValue = ["collection": "Morning", "tracks": [["title": "One"], ["title": "Two"]]]
        #expect(try set.render("page", context) == "<ul><li>1. One — Morning</li><li>2. Two — Morning</li></ul>")
    }

    @Test func partialsMayRecurseOverFiniteData() throws {
        let set = try TemplateSet(sources: ["node": "({{ name }}{{#children}}{{> node }}{{/children}})"])
        let tree: TemplateValue = ["name": "a", "children": [["name": "b", "children": [["name": "c", "children": []]]], ["name": "d", "children": []]]]
        #expect(try set.render("node", tree) == "(a(b(c))(d))")
    }

    @Test func endlessRecursionStopsAtTheDepthLimit() throws {
        let set = try TemplateSet(sources: ["loop": "x{{> loop }}"])
        let error = #expect(throws: TemplateError.self) { try set.render("loop", [:]) }
        #expect(error?.kind == .partialRecursionTooDeep)
        #expect(error?.description == "loop:1:2: partials nested more than 16 deep at `{{> loop}}`: does it include itself without end?")
    }

    @Test func recursionExactlyAtTheLimitIsAllowed() throws {
        // `level` includes itself while `next` is non-null: 16 nested partials render, the 17th
        // fails. The innermost `next` is an explicit null: were it missing, the lookup would walk
        // up to the enclosing `next` and recurse for ever, as Mustache's context stack does.
        func chain(_ depth: Int) -> TemplateValue {
            ["next": depth == 0 ? nil : chain(depth - 1)]
        }
        let set = try TemplateSet(sources: ["page": "{{> level }}", "level": "|{{#next}}{{> level }}{{/next}}"])
        #expect(try set.render("page", chain(TemplateSet.maximumPartialDepth - 1)) == String(repeating: "|", count: 16))
        #expect(throws: TemplateError.self) { try set.render("page", chain(TemplateSet.maximumPartialDepth)) }
    }

    @Test func standalonePartialsIndentEveryLine() throws {
        let set = try TemplateSet(sources: [
            "page": "<body>\n  {{> list }}\n</body>\n",
            "list": "<ul>\n{{#items}}\n  <li>{{.}}</li>\n{{/items}}\n</ul>\n",
        ])
        #expect(try set.render("page", ["items": ["a", "b"]]) == "<body>\n  <ul>\n    <li>a</li>\n    <li>b</li>\n  </ul>\n</body>\n")
    }

    @Test func inlinePartialsAreNotIndented() throws {
        let set = try TemplateSet(sources: ["page": "<p>{{> name }}</p>", "name": "a\nb"])
        #expect(try set.render("page", [:]) == "<p>a\nb</p>")
    }

    @Test func loadsADirectoryOfHTMLFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "<title>{{ title }}</title>".write(to: directory.appendingPathComponent("head.html"), atomically: true, encoding: .utf8)
        try "{{> head }}\n<h1>{{ title }}</h1>\n".write(to: directory.appendingPathComponent("share.html"), atomically: true, encoding: .utf8)
        try "not a template {{".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let set = try TemplateSet(directory: directory)
        #expect(set.names == ["head", "share"])
        #expect(try set.render("share", ["title": "Sunrise"]) == "<title>Sunrise</title><h1>Sunrise</h1>\n")

        // Errors name the file.
        try "<p>\n{{#open}}\n".write(to: directory.appendingPathComponent("broken.html"), atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try TemplateSet(directory: directory) }
        #expect(error?.description == "\(directory.appendingPathComponent("broken.html").path):2:1: `{{#open}}` is never closed with `{{/open}}`")
    }
}
