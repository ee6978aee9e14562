import Foundation
import StudioCore
import Testing
@testable import StudioRecipes

@Suite struct RecipeLoaderTests {
    @Test func loadsTheContractExampleWithEveryField() throws {
        let set = try RecipeFixtures.withDirectory(["demo.json5": RecipeFixtures.contractExample]) { directory in
            try RecipeLoader.load(directory: directory, engines: RecipeFixtures.engines).get()
        }
        #expect(set.files.count == 1)
        let file = try #require(set.files.first)
        #expect(file.path.hasSuffix("/demo.json5"))
        #expect(file.organization == "demo")
        #expect(set.organizations == ["demo"])

        let track = try #require(set.track(named: "sunrise", in: "demo"))
        #expect(track.name == "sunrise")
        #expect(track.engineKey == "ambient-1")
        #expect(track.prompt == "warm evolving pads for a slow sunrise")
        #expect(track.durationSeconds == 90)
        #expect(track.bpm == 64)
        #expect(track.key == MusicalKey(tonic: 2, mode: .major))
        #expect(track.seed == 7)
        #expect(track.stems)
        #expect(track.formats == [.flac, .mp3])
        #expect(track.title == "Sunrise")
        #expect(track.save)
        #expect(track.location == RecipeLocation(file: file.path, position: .init(line: 4, column: 5)))

        let collection = try #require(set.collection(named: "morning", in: "demo"))
        #expect(collection.displayName == "Morning Focus")
        #expect(collection.description == "Slow starts.")
        #expect(collection.trackNames == ["sunrise"])

        #expect(file.shares.map(\.target) == [.collection("morning"), .track("sunrise")])
        #expect(file.shares[0].expiresAt == nil)
        #expect(file.shares[1].expiresAt == Date(timeIntervalSince1970: 1_814_313_600))
        #expect(file.shares[1].location.position == .init(line: 19, column: 5))

        let focus = try #require(set.focusSession(named: "deep-work", in: "demo"))
        #expect(focus.engineKey == "ambient-1")
        #expect(focus.prompt == "calm rain, soft piano")
        #expect(focus.targetSeconds == 1500)
        #expect(focus.segmentSeconds == 60)
        #expect(focus.crossfadeSeconds == 6)
    }

    @Test func appliesDefaults() throws {
        let text = """
            {
              organization: "demo",
              tracks: { t: { engine: "keys-1", prompt: "piano", duration: 30 } },
              collections: { c: { name: "C" } },
              focus: { f: { engine: "ambient-1", prompt: "rain", target: 600 } },
            }
            """
        let set = try RecipeFixtures.validate(["a.json5": text]).get()
        let track = try #require(set.track(named: "t", in: "demo"))
        #expect(track.bpm == nil && track.key == nil && track.seed == nil && track.title == nil)
        #expect(!track.stems && !track.save)
        #expect(track.formats == [.flac])
        let collection = try #require(set.collection(named: "c", in: "demo"))
        #expect(collection.description == "" && collection.trackNames.isEmpty)
        let focus = try #require(set.focusSession(named: "f", in: "demo"))
        #expect(focus.segmentSeconds == 60 && focus.crossfadeSeconds == 6)
    }

    /// The five problems CONTRACT §9 names, spread over two files, all reported at once.
    @Test func reportsEveryProblemWithItsExactPlace() throws {
        let first = """
            {
              organization: "demo",
              tracks: {
                sunrise: { engine: "ambient-1", prompt: "pads", duration: "15:00" },
                dusk: { engine: "ambiant-1", prompt: "dusk", duration: 60, tempo: 80 },
              },
            }
            """
        let second = """
            {
              organization: "demo",
              tracks: {
                sunrise: { engine: "keys-1", prompt: "piano", duration: 30 },
              },
              collections: {
                evening: { name: "Evening", tracks: ["dusk", "sunset"] },
              },
            }
            """
        let (result, directory) = try RecipeFixtures.load(["b.json5": second, "a.json5": first])
        let a = directory.appendingPathComponent("a.json5").relativePath
        let b = directory.appendingPathComponent("b.json5").relativePath
        guard case .failure(let errors) = result else {
            Issue.record("an invalid recipe set produced a RecipeSet")
            return
        }
        let expected = [
            "\(a):4:63: duration: 15:00 (900 s) is over the 600 s limit of engine \"ambient-1\"",
            "\(a):5:21: engine: unknown engine \"ambiant-1\"; did you mean \"ambient-1\"? known engines: ambient-1, choir-1, keys-1",
            "\(a):5:64: unknown field \"tempo\" in track \"dusk\"; allowed: engine, prompt, duration, bpm, key, seed, stems, formats, title, save",
            "\(b):4:5: duplicate track \"sunrise\" in organization \"demo\": first declared at \(a):4:5",
            "\(b):7:50: collection \"evening\": unknown track \"sunset\" in organization \"demo\"",
        ]
        #expect(errors.diagnostics.map(\.description) == expected)
        #expect(errors.description == expected.joined(separator: "\n"))
        #expect(errors.diagnostics[0].line == 4 && errors.diagnostics[0].column == 63 && errors.diagnostics[0].file == a)
    }

    @Test func placesASyntaxErrorAndStillChecksTheOtherFiles() {
        let broken = "{\n  organization: \"demo\"\n  tracks: {},\n}"
        let other = "{\n  organization: \"demo\",\n  colour: \"blue\",\n}"
        #expect(RecipeFixtures.diagnostics(["a.json5": broken, "b.json5": other]) == [
            "a.json5:3:3: syntax error: unexpected 't' after the value of \"organization\": expected ',' or '}'",
            "b.json5:3:3: unknown field \"colour\" in a recipe file; allowed: organization, tracks, collections, shares, focus",
        ])
    }

    @Test func aSyntaxErrorSuppressesReferenceChecksThatCouldBeSpurious() {
        let broken = "{ organization: \"demo\", tracks: { sunrise: { engine: 'ambient-1', prompt: 'x', duration: 60 } }"
        let other = "{ organization: \"demo\", collections: { c: { name: 'C', tracks: ['sunrise'] } } }"
        let found = RecipeFixtures.diagnostics(["a.json5": broken, "b.json5": other])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("a.json5:1:") == true)
    }

    @Test func aSyntaxErrorInAnotherOrganizationLeavesReferenceChecksOn() {
        let broken = "{ organization: \"other\", tracks: { x: { engine: 'ambient-1', prompt: 'x', duration: 60 } }"
        let demo = "{ organization: \"demo\", collections: { c: { name: 'C', tracks: ['ghost'] } } }"
        let found = RecipeFixtures.diagnostics(["a.json5": broken, "b.json5": demo])
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("a.json5:1:") })
        #expect(found.contains { $0.hasPrefix("b.json5:1:") && $0.contains("unknown track \"ghost\"") }, "\(found)")
        #expect(RecipeLoader.organization(guessedFrom: broken) == "other")
        #expect(RecipeLoader.organization(guessedFrom: "{ tracks: {} ") == nil)
    }

    @Test func readsFilesInNameOrderSkippingOthers() throws {
        func recipe(_ organization: String) -> String { "{ organization: \"\(organization)\" }" }
        let files = [
            "b.json5": recipe("b"), "a.json5": recipe("a"), "10.json5": recipe("ten"), "2.json5": recipe("two"),
            "B.json5": recipe("upper"), ".hidden.json5": "not even JSON", "notes.txt": "not a recipe",
        ]
        let set = try RecipeFixtures.withDirectory(files) { directory in
            try RecipeLoader.load(directory: directory, engines: RecipeFixtures.engines).get()
        }
        #expect(set.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["10.json5", "2.json5", "B.json5", "a.json5", "b.json5"])
        #expect(set.organizations == ["ten", "two", "upper", "a", "b"])
    }

    @Test func anEmptyDirectoryIsAnEmptyRecipeSet() throws {
        let set = try RecipeFixtures.withDirectory([:]) { directory in
            try RecipeLoader.load(directory: directory, engines: RecipeFixtures.engines).get()
        }
        #expect(set.files.isEmpty && set.organizations.isEmpty)
    }

    @Test func aMissingDirectoryIsAnError() {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/recipes")
        guard case .failure(let errors) = RecipeLoader.load(directory: missing, engines: RecipeFixtures.engines) else {
            Issue.record("a missing directory loaded")
            return
        }
        #expect(errors.description == "\(missing.path): cannot read the recipe directory")
    }

    @Test func referencesResolveAcrossFilesOfOneOrganizationOnly() {
        let tracks = "{ organization: 'demo', tracks: { sunrise: { engine: 'ambient-1', prompt: 'x', duration: 60 } } }"
        let sameOrganization = "{ organization: 'demo', collections: { c: { name: 'C', tracks: ['sunrise'] } }, shares: [{ track: 'sunrise' }] }"
        let otherOrganization = "{ organization: 'other', shares: [{ track: 'sunrise' }, { collection: 'c' }] }"
        #expect(RecipeFixtures.diagnostics(["a.json5": tracks, "b.json5": sameOrganization]).isEmpty)
        #expect(RecipeFixtures.diagnostics(["a.json5": tracks, "b.json5": sameOrganization, "c.json5": otherOrganization]) == [
            "c.json5:1:44: shares[0]: unknown track \"sunrise\" in organization \"other\"",
            "c.json5:1:71: shares[1]: unknown collection \"c\" in organization \"other\"",
        ])
    }

    @Test func sameNamesInDifferentOrganizationsOrKindsAreFine() {
        let first = "{ organization: 'a', tracks: { x: { engine: 'keys-1', prompt: 'p', duration: 9 } }, collections: { x: { name: 'X' } } }"
        let second = "{ organization: 'b', tracks: { x: { engine: 'keys-1', prompt: 'p', duration: 9 } } }"
        #expect(RecipeFixtures.diagnostics(["a.json5": first, "b.json5": second]).isEmpty)
    }

    @Test func findsDuplicateKeysFoundationWouldSilentlyAccept() {
        let text = "{\n  organization: 'demo',\n  tracks: {\n    t: { engine: 'keys-1', prompt: 'p', duration: 9, bpm: 60, bpm: 70 },\n    t: { engine: 'keys-1', prompt: 'q', duration: 9 },\n  },\n}"
        #expect(RecipeFixtures.diagnostics(["a.json5": text]) == [
            "a.json5:4:63: duplicate key \"bpm\": first written at 4:54; a key may appear once per object",
            "a.json5:5:5: duplicate track \"t\": first declared at 4:5",
        ])
    }
}
