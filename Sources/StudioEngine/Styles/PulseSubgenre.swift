/// How pulse-1 plays a dance sub-genre: its drum pattern, how often the harmony moves and which
/// parts it keeps. The tempo range lives with the phrase (`MusicalPhrases`); this is the rest of
/// what makes deep house sound unlike techno or drum and bass.
struct PulseSubgenre: Sendable {
    /// Sixteenths of the bar where the kick falls.
    var kicks: [Int] = [0, 4, 8, 12]
    /// Sixteenths of the clap or snare.
    var backbeat: [Int] = [4, 12]
    /// Sixteenths of the off-beat hats.
    var hats: [Int] = [2, 6, 10, 14]
    /// A 16th-note closed-hat layer in every section with drums, not just the full ones.
    var rollingHats = false
    var barsPerChord = 1
    var lead = true
    var arpeggio = true
    var pad = true
    /// The rolling 16th bass of the chorus, everywhere.
    var rollingBass = false
    /// A 16th swing (fraction of a 16th), the shuffle of deep house; 0 straight.
    var swing = 0.0

    /// The plan for a sub-genre name; nil (plain pulse) for anything else.
    static func named(_ name: String?) -> PulseSubgenre {
        switch name {
        case "deep house": PulseSubgenre(hats: [2, 6, 10, 14], barsPerChord: 2, lead: false, swing: 0.12)
        case "tech house": PulseSubgenre(rollingHats: true, barsPerChord: 2, lead: false, rollingBass: true)
        case "progressive": PulseSubgenre(barsPerChord: 2)
        case "minimal": PulseSubgenre(backbeat: [12], rollingHats: true, barsPerChord: 8, lead: false, arpeggio: false)
        case "techno": PulseSubgenre(backbeat: [4, 12], rollingHats: true, barsPerChord: 4, lead: false)
        case "trance": PulseSubgenre(barsPerChord: 2, rollingBass: true)
        case "drum and bass": PulseSubgenre(kicks: [0, 10], backbeat: [4, 12], hats: [2, 6, 10, 14], rollingHats: true,
                                            barsPerChord: 2, arpeggio: false)
        case "breakbeat": PulseSubgenre(kicks: [0, 6, 10], backbeat: [4, 12], hats: [2, 6, 10, 14], barsPerChord: 2)
        default: PulseSubgenre()
        }
    }
}
