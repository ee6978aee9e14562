import Foundation
import Testing
@testable import StudioTemplates

@Suite struct TemplateValueTests {
    @Test func literalsBuildTheExpectedCases() {
        let value: TemplateValue = ["s": "x", "i": 3, "d": 0.5, "b": true, "a": [1, "two"], "n": nil, "o": ["k": "v"]]
        #expect(value["s"] == .string("x"))
        #expect(value["i"] == .number(3))
        #expect(value["d"] == .number(0.5))
        #expect(value["b"] == .bool(true))
        #expect(value["a"] == .array([.number(1), .string("two")]))
        #expect(value["n"] == .null)
        #expect(value["o"]?["k"] == .string("v"))
        #expect(value["missing"] == nil)
        #expect(TemplateValue.string("x")["k"] == nil)
    }

    @Test func decodesJSONKeepingBooleansAndNumbersApart() throws {
        let json = #"{"title":"Sunrise","bpm":64,"ratio":0.5,"shared":true,"n":null,"tags":["a",1,false],"licence":{"commercial_use":false}}"#
        let value = try JSONDecoder().decode(TemplateValue.self, from: Data(json.utf8))
        let expected: TemplateValue = [
            "title": "Sunrise", "bpm": 64, "ratio": 0.5, "shared": true, "n": nil,
            "tags": ["a", 1, false], "licence": ["commercial_use": false],
        ]
        #expect(value == expected)
        let roundTripped = try JSONDecoder().decode(TemplateValue.self, from: JSONEncoder().encode(value))
        #expect(roundTripped == value)
    }

    @Test func rendersAPageFromAPIStyleJSON() throws {
        let json = #"{"track":{"title":"Rain & Piano","duration_seconds":180,"licence":{"attribution":null}}}"#
        let context = try JSONDecoder().decode(TemplateValue.self, from: Data(json.utf8))
        let template = try Template("{{#track}}<h1>{{title}}</h1><p>{{duration_seconds}} s</p>{{#licence.attribution}}<p>{{.}}</p>{{/licence.attribution}}{{/track}}")
        #expect(try template.render(context) == "<h1>Rain &amp; Piano</h1><p>180 s</p>")
    }
}
