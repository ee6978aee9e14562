import StudioCore

/// Progressions with colour, for the piano and the lofi keys: sevenths, added ninths,
/// suspensions that resolve, inversions that make the bass walk, secondary dominants that lean
/// into their target, and chords borrowed from the parallel minor.
///
/// A progression is a list of `Symbol`s; the seed picks one per section from a vocabulary far
/// larger than the four-chord tables (so that seeds are new pieces, not transpositions), and
/// the harmonic rhythm (bars per chord) from what the section and the genre want.
enum ColourHarmony {
    enum Colour: Sendable { case triad, seventh, add9, sus4, secondaryDominant, borrowedMinor }

    struct Symbol: Sendable {
        var degree: Int
        var colour: Colour = .triad
        var inversion = 0
    }

    private static func s(_ degree: Int, _ colour: Colour = .triad, _ inversion: Int = 0) -> Symbol {
        Symbol(degree: degree, colour: colour, inversion: inversion)
    }

    /// Verses start at home; eight chords make two four-bar phrases at a chord a bar.
    static let major: [[Symbol]] = [
        [s(0), s(4, .triad, 1), s(5, .seventh), s(2, .seventh), s(3, .seventh), s(0, .triad, 2), s(1, .seventh), s(4, .seventh)],
        [s(0, .add9), s(5, .secondaryDominant), s(5, .seventh), s(3, .add9), s(1, .seventh), s(4, .sus4), s(4, .seventh), s(0)],
        [s(0), s(1, .secondaryDominant), s(1, .seventh), s(4, .seventh), s(2, .seventh), s(5, .seventh), s(3), s(4, .sus4)],
        [s(0), s(2, .seventh, 1), s(3), s(3, .borrowedMinor), s(0, .triad, 2), s(4, .secondaryDominant), s(4, .sus4), s(4, .seventh)],
        [s(0, .add9), s(3, .seventh), s(0, .add9), s(4, .sus4)],
        [s(0), s(5, .seventh), s(1, .seventh), s(4, .seventh)],
        [s(0), s(0, .secondaryDominant), s(3, .add9), s(3, .borrowedMinor), s(0, .triad, 1), s(5, .seventh), s(1, .seventh), s(4, .sus4)],
        [s(0), s(4, .triad, 1), s(5), s(0, .triad, 1), s(3), s(0, .triad, 2), s(1, .seventh), s(4, .seventh)],
    ]
    static let minor: [[Symbol]] = [
        [s(0), s(5, .seventh), s(3, .seventh), s(4, .seventh)],
        [s(0, .add9), s(4, .seventh, 1), s(0, .triad, 2), s(3, .triad, 1), s(5, .seventh), s(1, .seventh), s(4, .sus4), s(4, .seventh)],
        [s(0), s(3, .seventh), s(6, .seventh), s(2, .seventh), s(5, .seventh), s(1, .seventh), s(4, .seventh), s(0)],
        [s(0), s(6), s(5), s(4, .seventh)],
        [s(0), s(3, .secondaryDominant), s(3, .seventh), s(6, .seventh), s(2, .seventh), s(5), s(4, .sus4), s(4, .seventh)],
        [s(0, .add9), s(0, .seventh, 2), s(5, .seventh), s(4, .sus4)],
        [s(0), s(2, .triad, 1), s(5, .seventh), s(1, .seventh), s(4, .seventh), s(0), s(3, .seventh), s(4, .sus4)],
    ]
    /// A vamp at home for an intro: the tonic's seventh and the subdominant's, so that the key is
    /// set before the progression travels (a key heard only through secondary dominants can
    /// sound like the dominant's).
    static let homeVamp: [Symbol] = [s(0, .seventh), s(3, .seventh), s(0, .seventh), s(3, .seventh)]
    /// Contrasting sections may start away from home and travel back.
    static let majorAway: [[Symbol]] = [
        [s(3, .seventh), s(4, .triad, 1), s(2, .seventh), s(5, .seventh), s(1, .seventh), s(4, .secondaryDominant), s(4, .sus4), s(4, .seventh)],
        [s(5, .seventh), s(3, .add9), s(0, .triad, 1), s(4, .sus4)],
        [s(3), s(3, .borrowedMinor), s(0, .triad, 2), s(5, .secondaryDominant), s(5, .seventh), s(1, .seventh), s(4, .sus4), s(4, .seventh)],
        [s(1, .seventh), s(4, .seventh), s(2, .seventh), s(5, .seventh)],
        [s(5, .seventh), s(2, .seventh), s(3, .seventh), s(0, .triad, 1), s(1, .seventh), s(4, .seventh)],
    ]
    static let minorAway: [[Symbol]] = [
        [s(5, .seventh), s(2, .seventh), s(6, .seventh), s(0)],
        [s(3, .seventh), s(6, .seventh), s(2, .seventh), s(5, .seventh), s(1, .seventh), s(4, .sus4), s(4, .seventh), s(0)],
        [s(5), s(6), s(2, .seventh), s(2, .secondaryDominant), s(5, .seventh), s(3, .seventh), s(4, .sus4), s(4, .seventh)],
        [s(3, .seventh), s(0, .triad, 2), s(4, .seventh, 1), s(0)],
    ]

    static func chord(_ symbol: Symbol, in scale: Scale, extended: Bool) -> Chord {
        let d = symbol.degree
        let pc = { (degree: Int) in scale.pitchClass(ofDegree: degree) }
        switch symbol.colour {
        case .triad:
            let plain = Chord(degree: d, in: scale, extensions: extended ? 1 : 0, raisedLeadingTone: true)
            return Chord(degree: d, tones: plain.tones, inversion: symbol.inversion)
        case .seventh:
            let seventh = Chord(degree: d, in: scale, extensions: extended ? 2 : 1, raisedLeadingTone: true)
            return Chord(degree: d, tones: seventh.tones, inversion: symbol.inversion)
        case .add9:
            return Chord(degree: d, tones: [pc(d), pc(d + 2), pc(d + 4), pc(d + 8)], inversion: symbol.inversion)
        case .sus4:
            let sus = [pc(d), pc(d + 3), pc(d + 4)] + (d % 7 == 4 ? [pc(d + 6)] : [])
            return Chord(degree: d, tones: sus, inversion: 0)
        case .secondaryDominant:
            // V7 of the degree: a major triad with a minor seventh a fifth above it.
            let root = pc(d) + 7
            return Chord(degree: (d + 4) % 7, tones: [root, root + 4, root + 7, root + 10], inversion: symbol.inversion)
        case .borrowedMinor:
            let root = pc(d)
            return Chord(degree: d, tones: [root, root + 3, root + 7], inversion: symbol.inversion)
        }
    }

    /// A harmonic plan from one progression per section kind, `barsPerChord` in each (a chord a
    /// bar drives; two bars breathe). Intros vamp at home; the last bar approaches the tonic.
    static func plan(form: Form, scale: Scale, progressions: [Form.SectionKind: [Symbol]],
                     barsPerChord: [Form.SectionKind: Int], extended: Bool) -> HarmonicPlan {
        var spans: [HarmonicPlan.Span] = []
        for section in form.sections {
            let progression = progressions[section.kind] ?? progressions[.verse] ?? [s(0)]
            let length = max(1, barsPerChord[section.kind] ?? 1)
            var bar = section.startBar, index = 0
            while bar < section.endBar {
                let bars = min(length, section.endBar - bar)
                let chord = form.tonicBars.contains(bar)
                    ? Chord(degree: 0, in: scale, extensions: extended ? 1 : 0)
                    : self.chord(progression[index % progression.count], in: scale, extended: extended)
                spans.append(HarmonicPlan.Span(startBar: bar, bars: bars, chord: chord))
                bar += bars
                index += 1
            }
        }
        if !form.isContinuous, var last = spans.popLast() {
            // The last bar: a suspended dominant resolving within it would need two chords; the
            // dominant seventh is what pulls home.
            if last.bars > 1 {
                spans.append(HarmonicPlan.Span(startBar: last.startBar, bars: last.bars - 1, chord: last.chord))
                last = HarmonicPlan.Span(startBar: last.startBar + last.bars - 1, bars: 1, chord: last.chord)
            }
            last.chord = Chord(degree: 4, in: scale, extensions: 1, raisedLeadingTone: true)
            spans.append(last)
        }
        let final = Chord(degree: 0, in: scale, extensions: extended ? 2 : 0)
        return HarmonicPlan(scale: scale, spans: spans, finalChord: final)
    }
}
