/// The sections of a piece, laid on a grid of 4/4 bars.
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
    public let beatsPerBar = 4
    /// A window into an endless piece (a focus stream's segment) rather than a whole piece: no
    /// swell in or out and no cadence at the end, because the music carries on in the next segment.
    public let isContinuous: Bool
    /// Bars held on the tonic whatever the progression says: a focus stream's segments hold the
    /// tonic where they overlap, so that the two pieces sounding together during a crossfade
    /// agree harmonically instead of playing two different chords at once.
    public let tonicBars: Set<Int>

    /// Seconds per bar.
    public var barDuration: Double { 60 / tempo * Double(beatsPerBar) }
    /// Seconds per beat.
    public var beatDuration: Double { 60 / tempo }
    /// Bars of music before the final chord; the final chord sounds from here to the end.
    public var totalBars: Int { sections.last?.endBar ?? 0 }
    public var finalChordTime: Double { Double(totalBars) * barDuration }

    public func section(atBar bar: Int) -> Section {
        sections.last(where: { $0.startBar <= bar }) ?? sections[0]
    }

    public func time(ofBar bar: Int, beat: Double = 0) -> Double {
        (Double(bar) * Double(beatsPerBar) + beat) * beatDuration
    }

    public init(tempo: Double, sections: [Section], isContinuous: Bool = false, tonicBars: Set<Int> = []) {
        self.tempo = tempo
        self.sections = sections
        self.isContinuous = isContinuous
        self.tonicBars = tonicBars
    }

    /// Plans sections for a piece of `duration` seconds, leaving at least `tail` seconds for the
    /// final chord to ring and fade, so that the piece ends by resolving rather than stopping.
    ///
    /// Sections come in 4-bar phrases: intro, then cycles of verse (2 phrases), chorus (2) and a
    /// breakdown (1), then a finale (the last, fullest verse) and an outro.
    public static func plan(duration: Double, tempo: Double, tail: Double, phraseBars: Int = 4) -> Form {
        let barDuration = 240 / tempo
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
        return Form(tempo: tempo, sections: sections)
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
