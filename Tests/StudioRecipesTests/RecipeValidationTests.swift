import Foundation
import StudioCore
import Testing
@testable import StudioRecipes

/// Field-by-field checks, each on a one-track recipe whose track sits on line 4 from column 10.
@Suite struct RecipeValidationTests {
    static let valid = "engine: 'ambient-1', prompt: 'pads', duration: 60"

    /// The diagnostics for a track body.
    func check(_ track: String) -> [String] {
        RecipeFixtures.diagnostics(["a.json5": RecipeFixtures.trackRecipe(track)])
    }

    /// Where the last occurrence of `needle` in a track body sits in the file.
    func place(of needle: String, in track: String) -> String {
        let offset = track.distance(from: track.startIndex, to: track.range(of: needle, options: .backwards)!.lowerBound)
        return "a.json5:4:\(10 + offset)"
    }

    @Test(arguments: [
        ("bpm: '64'", "'64'", "bpm: expected a number between 20 and 300, got a string"),
        ("bpm: 500", "500", "bpm: expected a number between 20 and 300, got 500"),
        ("bpm: Infinity", "Infinity", "bpm: expected a number between 20 and 300, got Infinity"),
        ("seed: -1", "-1", "seed: expected a non-negative integer, got -1"),
        ("seed: 1.5", "1.5", "seed: expected a non-negative integer, got 1.5"),
        ("seed: '7'", "'7'", "seed: expected a non-negative integer, got a string"),
        ("key: 'H major'", "'H major'", "key: expected a key such as \"D major\" or \"F# minor\", got \"H major\""),
        ("key: 2", "2", "key: expected a key such as \"D major\" or \"F# minor\", got a number"),
        ("stems: 'yes'", "'yes'", "stems: expected true or false, got a string"),
        ("save: 1", "1", "save: expected true or false, got a number"),
        ("title: ''", "''", "title: expected a non-empty string, got \"\""),
        ("title: null", "null", "title: expected a non-empty string, got null"),
        ("formats: 'flac'", "'flac'", "formats: expected an array of formats (wav, wav24, wav-float, flac, mp3, ogg, opus, mid), got a string"),
        ("formats: ['flac', 'aac']", "'aac'", "formats[1]: unknown format \"aac\"; known formats: wav, wav24, wav-float, flac, mp3, ogg, opus, mid"),
        ("formats: ['mp3', 'mp3']", "'mp3']", "formats[1]: format \"mp3\" is listed twice"),
        ("formats: ['mid']", "['mid']", "formats: \"mid\" is the score, not audio; list an audio format with it, e.g. [\"flac\", \"mid\"]"),
        ("formats: [2]", "2", "formats[0]: expected a format name (wav, wav24, wav-float, flac, mp3, ogg, opus, mid), got a number"),
    ])
    func rejectsWrongTypesAndValues(field: String, needle: String, message: String) {
        let track = "\(Self.valid), \(field)"
        #expect(check(track) == ["\(place(of: needle, in: track)): \(message)"])
    }

    @Test(arguments: [
        ("duration: '1:75'", "'1:75'", "duration: expected a duration (\"M:SS\", \"H:MM:SS\" or a number of seconds), got \"1:75\""),
        ("duration: 0", "0", "duration: expected a duration (\"M:SS\", \"H:MM:SS\" or a number of seconds) longer than zero, got 0"),
        ("duration: true", "true", "duration: expected a duration (\"M:SS\", \"H:MM:SS\" or a number of seconds), got a boolean"),
        ("duration: '10:00.5'", "'10:00.5'", "duration: 10:01 (600.5 s) is over the 600 s limit of engine \"ambient-1\""),
    ])
    func checksDurations(field: String, needle: String, message: String) {
        let track = "engine: 'ambient-1', prompt: 'pads', \(field)"
        #expect(check(track) == ["\(place(of: needle, in: track)): \(message)"])
    }

    @Test(arguments: ["90", "'90'", "'1:30'", "'0:01:30'", "'90s'", "90.0"])
    func acceptsEveryDurationNotation(duration: String) throws {
        let text = RecipeFixtures.trackRecipe("engine: 'ambient-1', prompt: 'pads', duration: \(duration)")
        let set = try RecipeFixtures.validate(["a.json5": text]).get()
        #expect(set.track(named: "t", in: "demo")?.durationSeconds == 90)
    }

    @Test func reportsEveryMissingRequiredFieldAtTheTrack() {
        #expect(check("bpm: 60") == [
            "a.json5:4:5: track \"t\" is missing the required field \"engine\"",
            "a.json5:4:5: track \"t\" is missing the required field \"prompt\"",
            "a.json5:4:5: track \"t\" is missing the required field \"duration\"",
        ])
    }

    @Test func namesTheDisabledReason() {
        let track = "engine: 'choir-1', prompt: 'voices', duration: 60"
        #expect(check(track) == [
            "\(place(of: "'choir-1'", in: track)): engine: engine \"choir-1\" is disabled: its voice samples are not licensed for commercial use yet",
        ])
    }

    @Test func refusesStemsAndFormatsTheEngineCannotMake() {
        let track = "engine: 'keys-1', prompt: 'piano', duration: 60, stems: true, formats: ['flac', 'opus']"
        #expect(check(track) == [
            "\(place(of: "true", in: track)): stems: engine \"keys-1\" cannot render stems",
            "\(place(of: "'opus'", in: track)): formats[1]: engine \"keys-1\" cannot write \"opus\"",
        ])
    }

    @Test func listsTheKnownEnginesWithoutASuggestionWhenNothingIsClose() {
        let track = "engine: 'orchestra', prompt: 'strings', duration: 60"
        #expect(check(track) == [
            "\(place(of: "'orchestra'", in: track)): engine: unknown engine \"orchestra\"; known engines: ambient-1, choir-1, keys-1",
        ])
    }

    @Test func checksSlugs() {
        let text = "{\n  organization: 'Demo Org',\n  tracks: { 'Sun Rise': { engine: 'keys-1', prompt: 'p', duration: 9 } },\n}"
        #expect(RecipeFixtures.diagnostics(["a.json5": text]) == [
            "a.json5:2:17: organization: expected a slug (lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters), got \"Demo Org\"",
            "a.json5:3:13: track name \"Sun Rise\" is not a valid name: use lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters",
        ])
        #expect(Slug.isValid("deep-work") && Slug.isValid("2024") && !Slug.isValid("-x") && !Slug.isValid("") && !Slug.isValid("é"))
    }

    @Test func requiresAnOrganizationAndAnObject() {
        #expect(RecipeFixtures.diagnostics(["a.json5": "{}", "b.json5": "[]"]) == [
            "a.json5:1:1: a recipe file is missing the required field \"organization\"",
            "b.json5:1:1: document: expected an object (a recipe file) with organization, tracks, collections, shares, focus, got an array",
        ])
    }

    @Test func checksCollections() {
        let text = """
            {
              organization: 'demo',
              tracks: { t: { engine: 'keys-1', prompt: 'p', duration: 9 } },
              collections: {
                a: { description: 3, tracks: ['t', 't'] },
                b: { name: 'B', tracks: 't' },
              },
            }
            """
        #expect(RecipeFixtures.diagnostics(["a.json5": text]) == [
            "a.json5:5:5: collection \"a\" is missing the required field \"name\"",
            "a.json5:5:23: description: expected a string, got a number",
            "a.json5:5:40: tracks[1]: track \"t\" is already in collection \"a\"",
            "a.json5:6:29: tracks: expected an array of track names, got a string",
        ])
    }

    @Test func checksShares() {
        let text = """
            {
              organization: 'demo',
              tracks: { t: { engine: 'keys-1', prompt: 'p', duration: 9 } },
              collections: { c: { name: 'C' } },
              shares: [
                { expires: '2027-06-30T00:00:00Z' },
                { track: 't', collection: 'c' },
                { track: 't', expires: 'tomorrow' },
                { track: 't', expires: '2027-02-29T00:00:00Z' },
                { track: 't', expires: '2027-06-30T02:00:00.5+02:00', url: 'x' },
              ],
            }
            """
        #expect(RecipeFixtures.diagnostics(["a.json5": text]) == [
            "a.json5:6:5: shares[0] needs a \"track\" or a \"collection\" to share",
            "a.json5:7:19: shares[1] names both a \"track\" and a \"collection\"; a share link targets exactly one",
            "a.json5:8:28: expires: expected an RFC 3339 timestamp such as \"2027-06-30T00:00:00Z\", got \"tomorrow\"",
            "a.json5:9:28: expires: expected an RFC 3339 timestamp such as \"2027-06-30T00:00:00Z\", got \"2027-02-29T00:00:00Z\"",
            "a.json5:10:59: unknown field \"url\" in shares[4]; allowed: track, collection, expires",
        ])
    }

    @Test func parsesRFC3339Timestamps() {
        #expect(RFC3339Timestamp.date(from: "2027-06-30T00:00:00Z") == Date(timeIntervalSince1970: 1_814_313_600))
        #expect(RFC3339Timestamp.date(from: "2027-06-30T02:00:00.5+02:00") == Date(timeIntervalSince1970: 1_814_313_600.5))
        #expect(RFC3339Timestamp.date(from: "2024-02-29t23:59:59-01:00") == Date(timeIntervalSince1970: 1_709_254_799))
        for bad in ["2027-06-30", "2027-06-30T00:00:00", "2027-13-01T00:00:00Z", "2027-06-30T24:00:00Z", "2027-06-30T00:00:00+0200", "2027-06-30T00:00:00.Z"] {
            #expect(RFC3339Timestamp.date(from: bad) == nil, "\(bad)")
        }
    }

    @Test func checksFocusSessions() {
        let text = """
            {
              organization: 'demo',
              focus: {
                long: { engine: 'ambient-1', prompt: 'rain', target: '8:00:01' },
                wide: { engine: 'ambient-1', prompt: 'rain', target: 600, segment: 20, crossfade: 10 },
                huge: { engine: 'keys-1', prompt: 'piano', target: 600, segment: '6:00' },
                bare: { prompt: 'rain', target: 600, bpm: 60 },
              },
            }
            """
        #expect(RecipeFixtures.diagnostics(["a.json5": text]) == [
            "a.json5:4:58: target: 8:00:01 is over the 8-hour limit of a focus session",
            "a.json5:5:87: crossfade: 10 s must be shorter than half a segment (10 s)",
            "a.json5:6:70: segment: 6:00 (360 s) is over the 300 s limit of engine \"keys-1\"",
            "a.json5:7:5: focus session \"bare\" is missing the required field \"engine\"",
            "a.json5:7:42: unknown field \"bpm\" in focus session \"bare\"; allowed: engine, prompt, target, segment, crossfade",
        ])
    }

    @Test func hashInputIgnoresNotationAndChangesWithEveryRenderInput() throws {
        func hashInput(_ track: String) throws -> String {
            let set = try RecipeFixtures.validate(["a.json5": RecipeFixtures.trackRecipe(track)]).get()
            return try #require(set.track(named: "t", in: "demo")).contentHashInput
        }
        let fields = ["engine: 'ambient-1'", "prompt: 'pads \"soft\"'", "duration: 90", "bpm: 64", "key: 'D major'",
                      "seed: 7", "stems: true", "formats: ['mp3', 'flac']"]
        let base = try hashInput(fields.joined(separator: ", "))
        #expect(base == #"{"bpm":64,"duration_seconds":90,"engine_key":"ambient-1","formats":["flac","mp3"],"key":"D major","prompt":"pads \"soft\"","seed":7,"stems":true}"#)
        let rewritten = [
            "/* layout, notation and order */ seed: 7, formats: ['flac', 'mp3'], key: 'd maj', duration: '1:30'",
            "bpm: 64.0, engine: 'ambient-1', prompt: \"pads \\\"soft\\\"\", stems: true, title: 'Other', save: true",
        ]
        #expect(try hashInput(rewritten.joined(separator: ", ")) == base)
        let changes = [(1, "prompt: 'pads'"), (2, "duration: 91"), (3, "bpm: 65"), (4, "key: 'D minor'"), (5, "seed: 8"),
                       (6, "stems: false"), (7, "formats: ['flac']")]
        for (position, change) in changes {
            var edited = fields
            edited[position] = change
            #expect(try hashInput(edited.joined(separator: ", ")) != base, "\(change)")
        }
        let minimal = try hashInput("engine: 'keys-1', prompt: 'p', duration: 2.5")
        #expect(minimal == #"{"bpm":null,"duration_seconds":2.5,"engine_key":"keys-1","formats":["flac"],"key":null,"prompt":"p","seed":null,"stems":false}"#)
    }
}
