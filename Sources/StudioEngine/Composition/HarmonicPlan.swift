import StudioCore

/// Which chord sounds in every bar of a piece, from its form and two progressions.
///
/// Verses and choruses keep their own progressions so that they are recognisable when they
/// return; the outro ends on a dominant (or plagal) approach and the final bar is the tonic.
struct HarmonicPlan: Sendable {
    struct Span: Sendable {
        var startBar: Int
        var bars: Int
        var chord: Chord
    }

    let scale: Scale
    let spans: [Span]
    /// The chord after the last bar of music: always the tonic, with the final ring-out.
    let finalChord: Chord

    init(form: Form, scale: Scale, verse: [Int], chorus: [Int], barsPerChord: Int,
         extensions: Int, plagalEnding: Bool = false) {
        self.scale = scale
        var spans: [Span] = []
        for section in form.sections {
            // Intros vamp at home (I I IV I) so that the key is set before the tune arrives.
            let progression = section.kind == .chorus ? chorus : section.kind == .intro ? [0, 0, 3, 0] : verse
            var bar = section.startBar
            var index = 0
            while bar < section.endBar {
                let length = min(barsPerChord, section.endBar - bar)
                let degree = form.tonicBars.contains(bar) ? 0 : progression[index % progression.count]
                spans.append(Span(startBar: bar, bars: length,
                                  chord: Chord(degree: degree, in: scale, extensions: extensions,
                                               raisedLeadingTone: true)))
                bar += length
                index += 1
            }
        }
        // The piece's last bar of music approaches home: V (or IV for a plagal, floating ending).
        // A continuous form (a focus segment) has no last bar: the music goes on.
        if !form.isContinuous, var last = spans.popLast() {
            let approach = plagalEnding ? 3 : 4
            last.chord = Chord(degree: approach, in: scale, extensions: plagalEnding ? 0 : min(extensions, 1),
                               raisedLeadingTone: true)
            spans.append(last)
        }
        self.spans = spans
        finalChord = Chord(degree: 0, in: scale, extensions: extensions >= 2 ? 2 : 0)
    }

    /// A plan a composer laid out itself, bar by bar, rather than from a verse and a chorus loop
    /// (keys-1's `ColourHarmony`, pulse-1's and ambient-1's planners).
    init(scale: Scale, spans: [Span], finalChord: Chord) {
        self.scale = scale
        self.spans = spans
        self.finalChord = finalChord
    }

    func chord(atBar bar: Int) -> Chord {
        spans.last(where: { $0.startBar <= bar })?.chord ?? finalChord
    }

    /// The chord that follows the one sounding in `bar`.
    func nextChord(afterBar bar: Int) -> Chord {
        guard let index = spans.lastIndex(where: { $0.startBar <= bar }), index + 1 < spans.count else {
            return finalChord
        }
        return spans[index + 1].chord
    }
}
