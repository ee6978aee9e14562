import StudioCore

/// ambient-1's harmony: a walk rather than a loop. Each chord holds for 2 to 6 bars (longer in
/// calm states), chosen from the key's chords, borrowed ones (♭VII, ♭VI and iv in major; IV and
/// ii in minor) and suspended tonics, drifting back home often; the drone keeps the tonic under it
/// all as a pedal. A long piece may move its centre to the subdominant for one state and come
/// back. Nothing repeats on a period, and seeds in one key walk different paths.
struct AmbientHarmony: Sendable {
    let plan: HarmonicPlan
    /// Bars whose harmony sits in the subdominant's key (a passing modulation), for the record.
    let modulatedBars: Set<Int>

    private static let d = ChordSymbol.d, b = ChordSymbol.b, s = ChordSymbol.s
    /// The chords a walk may visit, with how strongly each is preferred.
    static let major: [(ChordSymbol, Double)] = [
        (d(0), 1.2), (s(0), 0.6), (d(3), 1.1), (d(5), 0.9), (d(1), 0.5), (d(2), 0.4), (s(4), 0.4), (b(6), 0.5),
        (b(3), 0.4), (b(5), 0.3), (s(3), 0.4),
    ]
    static let minor: [(ChordSymbol, Double)] = [
        (d(0), 1.2), (s(0), 0.6), (d(5), 1.0), (d(3), 0.9), (d(6), 0.8), (d(2), 0.6), (b(3), 0.5), (b(1), 0.3),
        (s(3), 0.4), (s(4), 0.3),
    ]

    init(form: Form, scale: Scale, extensions: Int, calm: Double, random: inout SeededRandom) {
        let vocabulary = scale.key.mode == .major ? Self.major : Self.minor
        let subdominant = Scale(key: MusicalKey(tonic: (scale.key.tonic + 5) % 12, mode: scale.key.mode))
        // One middle state of a long piece may sit in the subdominant's key.
        let middle = form.sections.filter { $0.kind != .intro && $0.kind != .outro }
        var modulated: Set<Int> = []
        if !form.isContinuous, form.finalChordTime >= 100, middle.count >= 3, random.chance(0.5) {
            let section = middle[1 + random.index(middle.count - 2)]
            modulated = Set(section.startBar..<section.endBar)
        }
        var spans: [HarmonicPlan.Span] = []
        var current = ChordSymbol.d(0)
        var bar = 0
        while bar < form.totalBars {
            let section = form.section(atBar: bar)
            let longest = calm > 0.5 ? [(3, 1.0), (4, 1.2), (5, 0.9), (6, 0.6)] : [(2, 0.8), (3, 1.2), (4, 1.0), (5, 0.6)]
            var length: Int = random.weighted(longest)
            length = min(length, form.totalBars - bar)
            // A chord does not straddle a change of key.
            if let edge = (bar..<(bar + length)).first(where: { modulated.contains($0) != modulated.contains(bar) }) { length = edge - bar }
            let home = modulated.contains(bar) ? subdominant : scale
            let chord: Chord
            if form.tonicBars.contains(bar) || section.kind == .intro && bar == 0 {
                chord = ChordSymbol.d(0).chord(in: home, extensions: extensions)
                current = .d(0)
            } else {
                let options = vocabulary.filter { $0.0 != current }.map { ($0.0, $0.0 == .d(0) ? $0.1 * 1.6 : $0.1) }
                current = random.weighted(options)
                chord = current.chord(in: home, extensions: current.degree == 4 && !current.sus2 ? 0 : extensions)
            }
            spans.append(HarmonicPlan.Span(startBar: bar, bars: length, chord: chord))
            bar += length
        }
        // The ending floats home plagally: IV, then the final tonic.
        if !form.isContinuous, var last = spans.popLast() {
            if last.bars > 2 {
                last.bars -= 2
                spans.append(last)
                last = HarmonicPlan.Span(startBar: last.startBar + last.bars, bars: 2, chord: last.chord)
            }
            last.chord = Chord(degree: 3, in: scale, extensions: 0)
            spans.append(last)
        }
        plan = HarmonicPlan(scale: scale, spans: spans, finalChord: Chord(degree: 0, in: scale, extensions: extensions >= 2 ? 2 : 0))
        modulatedBars = modulated
    }
}
