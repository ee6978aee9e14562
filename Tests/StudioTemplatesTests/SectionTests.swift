import Testing
@testable import StudioTemplates

@Suite struct SectionTests {
    let tracks: TemplateValue = ["tracks": [["title": "One"], ["title": "Two"], ["title": "Three"]]]

    @Test func loopsRenderTheBodyPerElement() throws {
        #expect(try Template("{{#tracks}}<li>{{title}}</li>{{/tracks}}").render(tracks) == "<li>One</li><li>Two</li><li>Three</li>")
    }

    @Test func loopVariables() throws {
        let template = try Template("{{#tracks}}{{@index}}:{{@number}}:{{title}}:{{@first}}:{{@last}};{{/tracks}}")
        #expect(try template.render(tracks) == "0:1:One:true:false;1:2:Two:false:false;2:3:Three:false:true;")
    }

    @Test func loopVariablesDriveSeparators() throws {
        let template = try Template("{{#tracks}}{{title}}{{^@last}}, {{/@last}}{{/tracks}}")
        #expect(try template.render(tracks) == "One, Two, Three")
    }

    @Test func loopVariablesBelongToTheInnermostLoop() throws {
        let context: TemplateValue = ["rows": [["cells": ["a", "b"]], ["cells": ["c"]]]]
        let template = try Template("{{#rows}}[{{@index}}{{#cells}}({{@index}}{{.}}){{/cells}}]{{/rows}}")
        #expect(try template.render(context) == "[0(0a)(1b)][1(0c)]")
    }

    @Test func nestedSectionsWalkUpTheContextStack() throws {
        let context: TemplateValue = [
            "collection": "Morning",
            "tracks": [["title": "One", "tags": ["calm"]], ["title": "Two", "tags": ["slow", "warm"]]],
        ]
        let template = try Template("{{#tracks}}{{#tags}}{{collection}}/{{title}}/{{.}} {{/tags}}{{/tracks}}")
        #expect(try template.render(context) == "Morning/One/calm Morning/Two/slow Morning/Two/warm ")
    }

    @Test func dictionarySectionsPushTheirContextOnce() throws {
        let context: TemplateValue = ["licence": ["name": "CC BY 4.0", "url": "https://x"]]
        #expect(try Template("{{#licence}}<a href=\"{{url}}\">{{name}}</a>{{/licence}}").render(context) == "<a href=\"https://x\">CC BY 4.0</a>")
    }

    /// Falsy: false, null, "", []. Truthy: true, non-empty strings and arrays, every number, every dictionary.
    @Test(arguments: [
        (TemplateValue.bool(false), false), (.null, false), (.string(""), false), (.array([]), false),
        (.bool(true), true), (.string("x"), true), (.array([1]), true),
        (.number(0), true), (.number(2), true), (.dictionary([:]), true),
    ])
    func conditionalsFollowTruthiness(value: TemplateValue, shows: Bool) throws {
        #expect(value.isTruthy == shows)
        #expect(try Template("{{#flag}}yes{{/flag}}").render(["flag": value]) == (shows ? "yes" : ""))
        #expect(try Template("{{^flag}}no{{/flag}}").render(["flag": value]) == (shows ? "" : "no"))
    }

    @Test func scalarSectionsExposeTheirValueAsDot() throws {
        #expect(try Template("{{#note}}Note: {{.}}{{/note}}").render(["note": "mind the gap"]) == "Note: mind the gap")
    }

    @Test func elseRendersWhenTheSectionDoesNot() throws {
        let template = try Template("{{#tracks}}{{title}} {{else}}No tracks yet.{{/tracks}}")
        #expect(try template.render(tracks) == "One Two Three ")
        #expect(try template.render(["tracks": []]) == "No tracks yet.")
        let inverted = try Template("{{^shared}}private{{else}}public{{/shared}}")
        #expect(try inverted.render(["shared": true]) == "public")
        #expect(try inverted.render(["shared": false]) == "private")
    }

    @Test func commentsRenderNothing() throws {
        #expect(try Template("a{{! a comment }}b{{!\n multi-line {{ not a tag\n}}c").render([:]) == "abc")
    }
}
