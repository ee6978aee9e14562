import Testing
@testable import StudioTemplates

@Suite struct EscapingTests {
    @Test(arguments: [
        ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;"),
        ("Rock & <Roll> \"live\" 'o'", "Rock &amp; &lt;Roll&gt; &quot;live&quot; &#39;o&#39;"),
        ("plain é ✓ text", "plain é ✓ text"),
        ("&amp;", "&amp;amp;"),
    ])
    func escapedVariablesReplaceEverySpecialCharacter(input: String, escaped: String) throws {
        let template = try Template("[{{ value }}]")
        #expect(try template.render(["value": .string(input)]) == "[\(escaped)]")
        #expect(HTMLEscaping.escape(input) == escaped)
    }

    @Test func tripleMustacheAndAmpersandRenderRaw() throws {
        let svg = "<svg viewBox='0 0 10 10'><path d=\"M0 0\"/></svg> & more"
        #expect(try Template("{{{ svg }}}").render(["svg": .string(svg)]) == svg)
        #expect(try Template("{{{svg}}}").render(["svg": .string(svg)]) == svg)
        #expect(try Template("{{& svg }}").render(["svg": .string(svg)]) == svg)
        #expect(try Template("{{&svg}}").render(["svg": .string(svg)]) == svg)
    }

    @Test func escapingAppliesInsideAttributesToo() throws {
        let template = try Template(#"<meta property="og:title" content="{{ title }}">"#)
        #expect(try template.render(["title": "\"><script>"]) == #"<meta property="og:title" content="&quot;&gt;&lt;script&gt;">"#)
    }
}
