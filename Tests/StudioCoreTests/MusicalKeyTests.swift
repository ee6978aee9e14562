import Testing
@testable import StudioCore

@Suite struct MusicalKeyTests {
    @Test(arguments: [
        ("D minor", 2, MusicalKey.Mode.minor), ("F# major", 6, .major), ("Bb", 10, .major),
        ("c#m", 1, .minor), ("Eb min", 3, .minor), ("A minor", 9, .minor), ("b minor", 11, .minor),
        ("B major", 11, .major), ("G", 7, .major), ("E flat major", 3, .major),
    ])
    func parses(text: String, tonic: Int, mode: MusicalKey.Mode) {
        let key = MusicalKey(parsing: text)
        #expect(key == MusicalKey(tonic: tonic, mode: mode))
    }

    @Test(arguments: ["H major", "D lydian", "", "minor", "Dx"])
    func rejects(text: String) {
        #expect(MusicalKey(parsing: text) == nil)
    }

    @Test func spellsFlatKeysWithFlats() {
        #expect(MusicalKey(tonic: 10, mode: .major).description == "Bb major")
        #expect(MusicalKey(tonic: 6, mode: .minor).description == "F# minor")
        #expect(MusicalKey(tonic: 3, mode: .minor).description == "Eb minor")
    }
}
