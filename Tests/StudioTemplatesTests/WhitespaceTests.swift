import Testing
@testable import StudioTemplates

/// Mustache's standalone rule: a line holding only a section, close, else, comment or partial
/// tag (and spaces or tabs) vanishes entirely, so loops and conditionals leave no blank lines.
@Suite struct WhitespaceTests {
    @Test func standaloneSectionLinesVanish() throws {
        let template = try Template("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n")
        #expect(try template.render(["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        #expect(try template.render(["items": []]) == "<ul>\n</ul>\n")
    }

    @Test func standaloneConditionalsAndElseVanish() throws {
        let template = try Template("<p>\n{{#shared}}\n\tpublic\n{{else}}\n\tprivate\n{{/shared}}\n</p>")
        #expect(try template.render(["shared": true]) == "<p>\n\tpublic\n</p>")
        #expect(try template.render(["shared": false]) == "<p>\n\tprivate\n</p>")
    }

    @Test func standaloneCommentsVanish() throws {
        #expect(try Template("a\n  {{! note }}\nb").render([:]) == "a\nb")
        #expect(try Template("a\n{{! one\n two }}\nb").render([:]) == "a\nb")
        #expect(try Template("a\n{{! last line }}").render([:]) == "a\n")
    }

    @Test func crlfLineEndsCountAsNewlines() throws {
        #expect(try Template("a\r\n{{#x}}\r\nb\r\n{{/x}}\r\nc").render(["x": true]) == "a\r\nb\r\nc")
    }

    @Test func tagsSharingALineWithContentStay() throws {
        #expect(try Template("  {{#x}}y{{/x}}\n").render(["x": true]) == "  y\n")
        #expect(try Template("a {{#x}}\nb\n{{/x}} c").render(["x": true]) == "a \nb\n c")
        #expect(try Template("{{#x}} {{#x}}\n{{/x}}{{/x}}").render(["x": true]) == " \n")
    }

    @Test func variablesAreNeverStandalone() throws {
        #expect(try Template("a\n  {{v}}\nb").render(["v": ""]) == "a\n  \nb")
    }
}
