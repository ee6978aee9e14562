/// The sections of a piece, laid on a grid of bars of `beatsPerBar` beats of `beatUnit` notes
/// (4/4 unless a composer asks for a waltz's 3/4 or a 6/8).
///
/// `beatDuration` is always a quarter note (the unit of a tempo in bpm and of MIDI's tempo map);
/// a bar lasts `quartersPerBar` of them: 4 in 4/4, 3 in 3/4 and in 6/8 (six eighths).
public struct Form: Sendable {
    public enum SectionKind: String, Sendable, Codable {
        case intro, verse, chorus, breakdown, finale, outro
    }

    public struct Section: Sendable {
        public var kind: SectionKind
        public var startBar: Int
        public var bars: Int
        /// 0…1, how full the arrangement is in this section.
        public var energy: Double
        /// Which pass through the verse/chorus cycle this is; later passes vary the material.
        public var cycle: Int
        /// What the section is called in the score's markers when its kind's name would mislead
        /// (ambient-1's "drift" and "bloom" are not a verse and a chorus); nil: the kind's name.
        public var label: String? = nil
        public var endBar: Int { startBar + bars }
    }

    public let tempo: Double
    public let sections: [Section]
    /// The time signature's numerator: 4 in 4/4, 3 in 3/4, 6 in 6/8.
    public let beatsPerBar: Int
    /// The time signature's denominator: 4 (quarter-note beats) or 8 (6/8's eighths).
    public let beatUnit: Int
    /// A window into an endless piece (a focus stream's segment) rather than a whole piece: no
    /// swell in or out and no cadence at the end, because the music carries on in the next segment.
    public let isContinuous: Bool
    /// Bars held on the tonic whatever the progression says: a focus stream's segments hold the
    /// tonic where they overlap, so that the two pieces sounding together during a crossfade
    /// agree harmonically instead of playing two different chords at once.
    public let tonicBars: Set<Int>

    /// Quarter notes per bar: what a bar spans on the tempo's clock.
    public var quartersPerBar: Double { Double(beatsPerBar) * 4 / Double(beatUnit) }
    /// 16th notes per bar: the grid `Groove` places notes on (16 in 4/4, 12 in 3/4 and 6/8).
    public var sixteenthsPerBar: Int { beatsPerBar * 16 / beatUnit }
    /// True for a bar of three beats or of two dotted beats (3/4, 6/8): patterns written for four
    /// beats do not fit it.
    public var isTriple: Bool { sixteenthsPerBar == 12 }
    /// Seconds per bar.
    public var barDuration: Double { 60 / tempo * quartersPerBar }
    /// Seconds per beat.
    public var beatDuration: Double { 60 / tempo }
    /// Bars of music before the final chord; the final chord sounds from here to the end.
    public var totalBars: Int { sections.last?.endBar ?? 0 }
    public var finalChordTime: Double { Double(totalBars) * barDuration }

    public func section(atBar bar: Int) -> Section {
        sections.last(where: { $0.startBar <= bar }) ?? sections[0]
    }

    public func time(ofBar bar: Int, beat: Double = 0) -> Double {
        (Double(bar) * quartersPerBar + beat) * beatDuration
    }

    public init(tempo: Double, sections: [Section], isContinuous: Bool = false, tonicBars: Set<Int> = [],
                beatsPerBar: Int = 4, beatUnit: Int = 4) {
        self.tempo = tempo
        self.beatsPerBar = max(1, beatsPerBar)
        self.beatUnit = beatUnit == 8 ? 8 : 4
        self.sections = sections
        self.isContinuous = isContinuous
        self.tonicBars = tonicBars
    }

    /// Plans sections for a piece of `duration` seconds, leaving at least `tail` seconds for the
    /// final chord to ring and fade, so that the piece ends by resolving rather than stopping.
    ///
    /// Sections come in 4-bar phrases: intro, then cycles of verse (2 phrases), chorus (2) and a
    /// breakdown (1), then a finale (the last, fullest verse) and an outro.
    public static func plan(duration: Double, tempo: Double, tail: Double, phraseBars: Int = 4,
                            beatsPerBar: Int = 4, beatUnit: Int = 4) -> Form {
        let barDuration = Form(tempo: tempo, sections: [], beatsPerBar: beatsPerBar, beatUnit: beatUnit).barDuration
        let bars = max(1, Int(((duration - tail) / barDuration).rounded(.down)))
        let phrases = bars / phraseBars
        let extra = bars - phrases * phraseBars
        var layout: [(SectionKind, Int)] = []
        switch phrases {
        case 0: layout = [(.verse, 0)]
        case 1: layout = [(.verse, 1)]
        case 2: layout = [(.intro, 1), (.verse, 1)]
        case 3: layout = [(.intro, 1), (.verse, 1), (.outro, 1)]
        case 4: layout = [(.intro, 1), (.verse, 1), (.chorus, 1), (.outro, 1)]
        case 5: layout = [(.intro, 1), (.verse, 1), (.chorus, 1), (.finale, 1), (.outro, 1)]
        case 6: layout = [(.intro, 1), (.verse, 1), (.chorus, 1), (.breakdown, 1), (.finale, 1), (.outro, 1)]
        case 7: layout = [(.intro, 1), (.verse, 2), (.chorus, 1), (.breakdown, 1), (.finale, 1), (.outro, 1)]
        case 8: layout = [(.intro, 1), (.verse, 2), (.chorus, 2), (.breakdown, 1), (.finale, 1), (.outro, 1)]
        default:
            layout = [(.intro, 1)]
            var left = phrases - 1 - 2 - 1 // intro, finale, outro
            while left >= 5 {
                layout += [(.verse, 2), (.chorus, 2), (.breakdown, 1)]
                left -= 5
            }
            // 0–4 phrases left: lengthen the last cycle's verse/chorus, or add a short one.
            switch left {
            case 0: break
            case 1: layout.append((.verse, 1))
            case 2: layout.append((.chorus, 2))
            case 3: layout += [(.verse, 1), (.chorus, 2)]
            default: layout += [(.verse, 2), (.chorus, 2)]
            }
            layout += [(.finale, 2), (.outro, 1)]
        }

        var sections: [Section] = []
        var bar = 0
        var cycle = 0
        for (index, (kind, count)) in layout.enumerated() {
            var length = count * phraseBars
            if index == 0 { length += extra }
            if kind == .verse, sections.contains(where: { $0.kind == .verse }),
               sections.last?.kind != .verse { cycle += 1 }
            sections.append(Section(kind: kind, startBar: bar, bars: length,
                                    energy: energy(of: kind, cycle: cycle), cycle: cycle))
            bar += length
        }
        return Form(tempo: tempo, sections: sections, beatsPerBar: beatsPerBar, beatUnit: beatUnit)
    }

    /// Other sections on the same tempo, metre, tonic bars and continuity: for a composer that
    /// plans its own sections rather than taking `plan`'s.
    public func with(sections: [Section]) -> Form {
        Form(tempo: tempo, sections: sections, isContinuous: isContinuous, tonicBars: tonicBars,
             beatsPerBar: beatsPerBar, beatUnit: beatUnit)
    }

    static func energy(of kind: SectionKind, cycle: Int) -> Double {
        switch kind {
        case .intro: 0.3
        case .verse: min(0.75, 0.6 + 0.05 * Double(cycle))
        case .chorus: 0.8
        case .breakdown: 0.4
        case .finale: 0.95
        case .outro: 0.35
        }
    }
}
