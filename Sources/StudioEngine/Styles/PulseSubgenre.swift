/// How pulse-1 plays a dance sub-genre: its drum pattern, its instruments, how often the harmony
/// moves, how it builds a piece and which parts it keeps. The tempo range lives with the phrase
/// (`MusicalPhrases`); this is the rest of what makes deep house sound unlike techno or drum and bass.
struct PulseSubgenre: Sendable {
    /// What plays the chords.
    enum ChordSound: Sendable, Equatable {
        /// Held pad chords of this character (the supersaw of trance is `.bright`).
        case pad(Pad.Character)
        /// Electric-piano stabs in a syncopated rhythm: deep house's organ-and-Rhodes chords.
        case keys
        /// Short plucked chord stabs through the delay: the dub chord of minimal and techno.
        case stab
    }

    /// Sixteenths of the bar where the kick falls.
    var kicks: [Int] = [0, 4, 8, 12]
    /// Sixteenths of the clap or snare.
    var backbeat: [Int] = [4, 12]
    /// Sixteenths of the off-beat hats.
    var hats: [Int] = [2, 6, 10, 14]
    /// A 16th-note closed-hat layer in every section with drums, not just the full ones.
    var rollingHats = false
    /// Bars per chord the seed chooses among, section by section.
    var chordBars: [Int] = [1, 2]
    /// The harmony barely moves: one- and two-chord vamps instead of four-chord loops.
    var sparseHarmony = false
    var lead = true
    var arpeggio = true
    var chords: ChordSound = .pad(.bright)
    var bass: BassSynth.Character = .synth
    /// The rolling 16th bass of the chorus, everywhere.
    var rollingBass = false
    /// A 16th swing (fraction of a 16th), the shuffle of deep house; 0 straight.
    var swing = 0.0
    /// Percussion (rim, shaker) patterns the seed chooses among: (sixteenth, GM percussion note).
    var percussion: [[(Int, Int)]] = []
    /// How the piece is built (see `DancePlan.Grammar`).
    var grammar: DancePlan.Grammar = .build
    /// Added to the prompt's brightness for the synths: techno and minimal sit darker, trance brighter.
    var brightness: Float = 0

    private static let rim = StyleTools.Drum.rim, shaker = StyleTools.Drum.shaker

    /// The plan for a sub-genre name; plain pulse for anything else.
    static func named(_ name: String?) -> PulseSubgenre {
        switch name {
        case "deep house":
            PulseSubgenre(chordBars: [2, 4], lead: false, arpeggio: false, chords: .keys, bass: .round, swing: 0.12,
                          percussion: [[(3, shaker), (7, shaker), (11, shaker), (15, shaker)], [(6, rim), (13, rim)], [(10, rim)]],
                          grammar: .house, brightness: -0.1)
        case "tech house":
            PulseSubgenre(rollingHats: true, chordBars: [4, 8], sparseHarmony: true, lead: false, arpeggio: false, chords: .stab,
                          rollingBass: true, percussion: [[(3, rim), (11, rim)], [(7, shaker), (15, shaker)]], grammar: .groove)
        case "progressive":
            PulseSubgenre(chordBars: [2, 4], chords: .pad(.strings), percussion: [[(14, shaker)]], grammar: .build)
        case "minimal":
            PulseSubgenre(backbeat: [12], hats: [2, 10], rollingHats: false, chordBars: [8, 16], sparseHarmony: true, lead: false,
                          arpeggio: false, chords: .stab, bass: .sub,
                          percussion: [[(3, rim), (6, rim), (11, rim)], [(7, rim), (14, rim)], [(1, rim), (9, rim), (13, rim)]],
                          grammar: .groove, brightness: -0.2)
        case "techno":
            PulseSubgenre(backbeat: [4, 12], rollingHats: true, chordBars: [4, 8], sparseHarmony: true, lead: false,
                          chords: .pad(.warm), bass: .sub, percussion: [[(2, rim), (10, rim)], [(3, rim), (7, rim), (14, rim)]],
                          grammar: .groove, brightness: -0.15)
        case "trance":
            PulseSubgenre(chordBars: [2], chords: .pad(.bright), rollingBass: true, grammar: .build, brightness: 0.15)
        case "drum and bass":
            PulseSubgenre(kicks: [0, 10], backbeat: [4, 12], hats: [2, 6, 10, 14], rollingHats: true, chordBars: [2, 4],
                          arpeggio: false, chords: .pad(.warm), bass: .sub, grammar: .build)
        case "breakbeat":
            PulseSubgenre(kicks: [0, 6, 10], backbeat: [4, 12], hats: [2, 6, 10, 14], chordBars: [2], chords: .stab,
                          percussion: [[(7, shaker), (15, shaker)]], grammar: .house)
        default:
            PulseSubgenre()
        }
    }
}
