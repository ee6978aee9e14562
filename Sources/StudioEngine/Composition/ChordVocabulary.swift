import StudioCore

/// A chord named the way a producer thinks of it: a scale degree of the key, or of its parallel
/// mode (a borrowed chord: ♭VII, ♭VI and iv in major; IV, ii and the major I in minor), optionally
/// suspended. It is the vocabulary `Progressions` lacks: loops that leave the diatonic seven.
struct ChordSymbol: Sendable, Equatable {
    var degree: Int
    /// Taken from the parallel mode (C minor's chords in C major, and the other way round).
    var borrowed = false
    var sus2 = false

    static func d(_ degree: Int) -> ChordSymbol { ChordSymbol(degree: degree) }
    /// A borrowed chord: degree `degree` of the parallel mode.
    static func b(_ degree: Int) -> ChordSymbol { ChordSymbol(degree: degree, borrowed: true) }
    static func s(_ degree: Int) -> ChordSymbol { ChordSymbol(degree: degree, sus2: true) }

    /// The chord in `scale` (or its parallel), with `extensions` as `Chord` reads them.
    func chord(in scale: Scale, extensions: Int) -> Chord {
        let home = borrowed ? Scale(key: MusicalKey(tonic: scale.key.tonic, mode: scale.key.mode == .major ? .minor : .major)) : scale
        return Chord(degree: degree, in: home, extensions: extensions, raisedLeadingTone: true, sus2: sus2)
    }
}

extension HarmonicPlan {
    /// A plan from explicit spans, for composers that build their harmony bar by bar (pulse-1's
    /// and ambient-1's planners) rather than from a verse and a chorus loop.
    init(scale: Scale, spans: [Span], finalChord: Chord) {
        self.scale = scale
        self.spans = spans
        self.finalChord = finalChord
    }
}

/// Loops for dance music, by mode, many of them with a borrowed chord or a suspension. A piece
/// draws different loops for its grooves, its breakdown and its drops, so the seed chooses among
/// thousands of harmonic plans rather than a handful.
enum DanceProgressions {
    typealias Loop = [ChordSymbol]
    private static let d = ChordSymbol.d, b = ChordSymbol.b, s = ChordSymbol.s

    static let major: [Loop] = [
        [d(0), d(5), d(3), d(4)], [d(0), d(4), d(5), d(3)], [d(0), d(3)], [d(0), b(6), d(3), d(0)],
        [d(0), b(5), b(6), d(0)], [d(5), d(3), d(0), d(4)], [d(0), d(2), d(5), d(3)], [s(0), d(3), d(5), b(6)],
        [d(0), b(3), d(3), d(4)], [d(3), d(4), d(2), d(5)], [d(0), d(1), d(3), d(0)], [d(0), b(6), b(5), b(6)],
        [d(0), d(3), b(3), d(0)], [d(1), d(4), d(0), d(5)],
    ]
    static let minor: [Loop] = [
        [d(0), d(5), d(2), d(6)], [d(0), d(6), d(5), d(6)], [d(0), d(3)], [d(0), b(3), d(0), d(6)],
        [d(0), d(5), d(3), d(4)], [d(0), d(2), d(6), d(5)], [d(5), d(6), d(0), d(0)], [d(0), b(1), d(6), d(0)],
        [s(0), d(6), d(5), d(3)], [d(0), d(3), d(6), d(2)], [d(0), d(6)], [d(3), d(5), d(0), d(6)],
        [d(0), b(3), b(4), d(0)], [d(5), d(2), d(6), d(0)],
    ]
    /// Two-chord and one-chord vamps for the sparse sub-genres (minimal, techno): the harmony
    /// barely moves, a pedal on the tonic does the rest.
    static let majorVamps: [Loop] = [[d(0)], [d(0), b(6)], [d(0), d(3)], [s(0), d(0)], [d(0), d(5)], [d(0), d(1)], [d(0), b(3)]]
    static let minorVamps: [Loop] = [[d(0)], [d(0), d(6)], [d(0), d(3)], [s(0), d(0)], [d(0), d(5)], [d(0), b(3)], [d(0), b(1)]]

    static func pick(_ mode: MusicalKey.Mode, sparse: Bool, _ random: inout SeededRandom, avoiding: Loop? = nil) -> Loop {
        let table = sparse ? (mode == .major ? majorVamps : minorVamps) : mode == .major ? major : minor
        var choice = table[random.index(table.count)]
        if let avoiding, choice == avoiding, table.count > 1 { choice = table[(table.firstIndex(of: choice)! + 1) % table.count] }
        return choice
    }
}
