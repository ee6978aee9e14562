import Testing
@testable import StudioTemplates

/// Every error names its kind, `template:line:column` of the offending tag, and what is wrong.
@Suite struct ErrorTests {
    private func compileError(_ source: String) -> TemplateError? {
        #expect(throws: TemplateError.self) { try Template(source, name: "share") }
    }

    private func renderError(_ source: String, _ context: TemplateValue) throws -> TemplateError? {
        let template = try Template(source, name: "share")
        return #expect(throws: TemplateError.self) { try template.render(context) }
    }

    @Test func unterminatedTag() {
        let error = compileError("line one\n  <p>{{ title </p>")
        #expect(error == TemplateError(.unterminatedTag, at: SourceLocation(template: "share", line: 2, column: 6),
                                       "unterminated tag: `}}` is missing for the `{{` here"))
        #expect(compileError("{{{ svg }}")?.description == "share:1:1: unterminated tag: `}}}` is missing for the `{{` here")
        #expect(compileError("a {{")?.description == "share:1:3: unterminated tag: `}}` is missing for the `{{` here")
    }

    @Test func unclosedSection() {
        let error = compileError("<ul>\n{{#tracks}}\n<li>{{title}}</li>\n</ul>")
        #expect(error?.kind == .unclosedSection)
        #expect(error?.description == "share:2:1: `{{#tracks}}` is never closed with `{{/tracks}}`")
        #expect(compileError("{{#a}}{{^b}}{{/b}}")?.description == "share:1:1: `{{#a}}` is never closed with `{{/a}}`")
        #expect(compileError("x\n\n   {{^b}}")?.description == "share:3:4: `{{^b}}` is never closed with `{{/b}}`")
    }

    @Test func mismatchedCloseTag() {
        let error = compileError("{{#a}}\n  {{#b}}x{{/a}}\n{{/b}}")
        #expect(error?.kind == .mismatchedCloseTag)
        #expect(error?.description == "share:2:10: `{{/a}}` does not match `{{#b}}` opened at 2:3")
        #expect(compileError("x {{/a}}")?.description == "share:1:3: `{{/a}}` closes no open section")
    }

    @Test func unknownPartial() throws {
        let setError = #expect(throws: TemplateError.self) {
            try TemplateSet(sources: ["page": "<main>\n\t{{> footer }}\n</main>", "head": ""])
        }
        #expect(setError?.kind == .unknownPartial)
        #expect(setError?.description == "page:2:2: unknown partial `footer` (known: head, page)")
        // A lone template has no partials at all: the error comes when it renders.
        #expect(try renderError("<main>\n\t{{> footer }}\n</main>", [:])?.description == "share:2:2: unknown partial `footer`")
    }

    @Test func unknownVariable() throws {
        let context: TemplateValue = ["track": ["title": "Sunrise"], "tracks": [["title": "One"]]]
        let typo = try renderError("<h1>\n  {{ track.titel }}\n</h1>", context)
        #expect(typo?.kind == .unknownVariable)
        #expect(typo?.description == "share:2:3: unknown variable `track.titel`: `track` is a dictionary without `titel` (it has: title)")
        #expect(try renderError("{{ titel }}", context)?.description == "share:1:1: unknown variable `titel`")
        #expect(try renderError("{{#tracks}}\n {{ artist }}{{/tracks}}", context)?.description == "share:2:2: unknown variable `artist`")
        #expect(try renderError("{{#trakcs}}{{/trakcs}}", context)?.description == "share:1:1: unknown variable `trakcs`")
        #expect(try renderError("{{ track.title.size }}", context)?.description
            == "share:1:1: unknown variable `track.title.size`: `track.title` is a string")
        #expect(try renderError("é {{ @index }}", context)?.description == "share:1:3: `@index` is only defined inside a loop over an array")
    }

    @Test func invalidTags() {
        #expect(compileError("{{ }}")?.description == "share:1:1: empty tag")
        #expect(compileError("{{#}}{{/}}")?.description == "share:1:1: empty tag")
        #expect(compileError("{{ a b }}")?.description == "share:1:1: `a b` is not a valid name")
        #expect(compileError("{{ a..b }}")?.kind == .invalidTag)
        #expect(compileError("{{=<% %>=}}")?.kind == .invalidTag)
        #expect(compileError("{{@idx}}")?.description
            == "share:1:1: `@idx` is not a valid name (loop variables are @index, @number, @first and @last)")
        #expect(compileError("a\n{{else}}")?.description == "share:2:1: `{{else}}` outside a section")
        #expect(compileError("{{#a}}{{else}}{{else}}{{/a}}")?.description == "share:1:15: a second `{{else}}` in the section `a`")
        #expect(compileError("{{> bad name }}")?.description == "share:1:1: `bad name` is not a valid partial name")
    }

    @Test func notPrintable() throws {
        let error = try renderError("{{ tags }}", ["tags": ["calm"]])
        #expect(error?.kind == .notPrintable)
        #expect(error?.description == "share:1:1: `tags` is an array, which has no text; use a section `{{#tags}}…{{/tags}}`")
    }

    @Test func unknownTemplate() throws {
        let set = try TemplateSet(sources: ["share": "x"])
        let error = #expect(throws: TemplateError.self) { try set.render("shrae", [:]) }
        #expect(error?.kind == .unknownTemplate)
        #expect(error?.description == "shrae:1:1: no template named `shrae` (known: share)")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(compileError("ünïcødé ✓ {{#x}}")?.column == 11)
    }
}
