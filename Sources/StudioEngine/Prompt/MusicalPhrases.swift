import StudioCore

/// Musical phrases beyond moods and instruments: mode, metre, feel, swing, harmony colour,
/// timbre and sub-genre. Multi-word phrases are matched before their single words, so that
/// "square waves" is a timbre and not "waves" the ocean, and "minor key" is a mode.
enum MusicalPhrases {
    /// What a phrase asks of the music.
    enum Effect: Equatable, Sendable {
        case mode(MusicalKey.Mode)
        /// Beats per bar and the beat unit ("waltz", "3/4" → 3/4; "6/8" → 6/8).
        case meter(beats: Int, unit: Int)
        case feel(PromptInterpretation.Feel)
        /// The share of a beat the on-beat eighth takes: 0.5 straight, ≈ 0.66 a triplet swing.
        case swing(Double)
        /// Sevenths and ninths on every chord.
        case extendedChords
        /// A named synthesiser timbre or texture ("square", "dusty").
        case timbre(String)
        /// A dance-music sub-genre with its tempo range.
        case subgenre(String, ClosedRange<Double>)
    }

    /// Longest first: the interpreter tries 4-, 3-, 2- then 1-word phrases at every position.
    static let table: [String: Effect] = [
        "minor key": .mode(.minor), "in a minor key": .mode(.minor), "a minor key": .mode(.minor),
        "minor": .mode(.minor), "major key": .mode(.major), "in a major key": .mode(.major),
        "a major key": .mode(.major), "major": .mode(.major),
        "waltz": .meter(beats: 3, unit: 4), "3/4": .meter(beats: 3, unit: 4), "in 3/4": .meter(beats: 3, unit: 4),
        "6/8": .meter(beats: 6, unit: 8), "in 6/8": .meter(beats: 6, unit: 8), "4/4": .meter(beats: 4, unit: 4),
        "in 4/4": .meter(beats: 4, unit: 4),
        "half-time": .feel(.half), "halftime": .feel(.half), "half time": .feel(.half),
        "double-time": .feel(.double), "doubletime": .feel(.double), "double time": .feel(.double),
        "swing": .swing(0.66), "swung": .swing(0.66), "swinging": .swing(0.66), "shuffle": .swing(0.66),
        "straight": .swing(0.5),
        "jazzy": .extendedChords, "jazz chords": .extendedChords, "seventh chords": .extendedChords,
        "extended chords": .extendedChords,
        "square waves": .timbre("square"), "square wave": .timbre("square"), "square": .timbre("square"),
        "pulse wave": .timbre("square"), "chiptune": .timbre("square"),
        "dusty": .timbre("dusty"),
        "deep house": .subgenre("deep house", 118...124), "tech house": .subgenre("tech house", 124...128),
        "progressive": .subgenre("progressive", 122...128), "progressive house": .subgenre("progressive", 122...128),
        "minimal techno": .subgenre("minimal", 124...130), "minimal": .subgenre("minimal", 122...128),
        "techno": .subgenre("techno", 128...136), "trance": .subgenre("trance", 136...140),
        "drum and bass": .subgenre("drum and bass", 170...176), "drum & bass": .subgenre("drum and bass", 170...176),
        "drum n bass": .subgenre("drum and bass", 170...176), "dnb": .subgenre("drum and bass", 170...176),
        "breakbeat": .subgenre("breakbeat", 128...136), "breaks": .subgenre("breakbeat", 128...136),
    ]

    /// Words that carry no musical meaning on their own. Reported as ignored ("stop word")
    /// rather than dropped, so that the interpretation accounts for every word of the prompt.
    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "with", "in", "of", "for", "to", "on", "at", "by", "some", "something",
        "piece", "track", "song", "music", "tune", "please", "like", "that", "is", "it", "my", "me", "i",
        "very", "really", "bit", "little", "kind", "sort", "style", "vibe", "vibes", "feel", "feeling",
        "from", "into", "as", "but", "more", "less", "few", "lots", "lot", "this", "make", "give", "play",
        "plus", "&", "-", "key",
    ]

    static let longestPhrase = 4
}
