import Testing
@testable import StudioTemplates

@Suite struct LookupTests {
    let context: TemplateValue = [
        "title": "Morning Focus",
        "track": ["title": "Sunrise", "bpm": 64, "engine": ["key": "ambient-1"]],
        "count": 3, "ratio": 0.25, "negative": -2, "shared": true, "nothing": nil,
    ]

    @Test func dottedPathsReachIntoDictionaries() throws {
        let template = try Template("{{ track.title }} at {{ track.bpm }} bpm on {{ track.engine.key }}")
        #expect(try template.render(context) == "Sunrise at 64 bpm on ambient-1")
    }

    @Test func scalarsPrintReadably() throws {
        #expect(try Template("{{count}} {{ratio}} {{negative}} {{shared}} [{{nothing}}]").render(context) == "3 0.25 -2 true []")
        #expect(try Template("{{ big }}").render(["big": 1e20]) == "1e+20")
    }

    @Test func sectionContextsShadowAndWalkUp() throws {
        // Inside {{#track}}, `title` is the track's; `count` is not on the track and is found at the root.
        let template = try Template("{{#track}}{{ title }}/{{ count }}/{{ engine.key }}{{/track}} {{ title }}")
        #expect(try template.render(context) == "Sunrise/3/ambient-1 Morning Focus")
    }

    @Test func dotIsTheCurrentContext() throws {
        #expect(try Template("{{#tags}}<{{.}}>{{/tags}}").render(["tags": ["a", "b&c"]]) == "<a><b&amp;c>")
    }

    @Test func dottedPathsDoNotWalkUpAfterTheFirstName() throws {
        // `track.count` must be the track's own member: the root's `count` does not leak in.
        let error = #expect(throws: TemplateError.self) { try Template("{{ track.count }}").render(context) }
        #expect(error?.kind == .unknownVariable)
        #expect(error?.message == "unknown variable `track.count`: `track` is a dictionary without `count` (it has: bpm, engine, title)")
    }

    @Test func optionalNamesRenderEmptyWhenMissing() throws {
        #expect(try Template("[{{ attribution? }}]").render(context) == "[]")
        #expect(try Template("[{{ track.attribution? }}]").render(context) == "[]")
        #expect(try Template("[{{ missing.deeper? }}]").render(context) == "[]")
        #expect(try Template("[{{ track.title? }}]").render(context) == "[Sunrise]")
        #expect(try Template("{{#credit?}}by {{credit}}{{/credit}}").render(context) == "")
        #expect(try Template("{{#credit?}}by {{credit}}{{/credit?}}").render(["credit": "Ann"]) == "by Ann")
        #expect(try Template("{{^credit?}}no credit{{/credit}}").render(context) == "no credit")
    }

    @Test func aTemplateRendersManyTimesWithDifferentContexts() throws {
        let template = try Template("<li>{{ name }}</li>")
        let rendered = try ["a", "b", "c"].map { name throws(TemplateError) in try template.render(["name": .string(name)]) }
        #expect(rendered == ["<li>a</li>", "<li>b</li>", "<li>c</li>"])
    }

    @Test func renderingIsPureAcrossConcurrentTasks() async throws {
        let template = try Template("{{#items}}{{.}}{{^@last}},{{/@last}}{{/items}}")
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for task in 0..<16 {
                group.addTask {
                    let items = TemplateValue.array((0..<task).map { .number(Double($0)) })
                    return (task, try template.render(["items": items]))
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        for task in 0..<16 {
            #expect(results[task] == (0..<task).map(String.init).joined(separator: ","))
        }
    }
}
