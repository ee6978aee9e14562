import StudioCore

/// The piano's left hand: figures drawn from a vocabulary per metre and section, over a ladder
/// of the chord's notes rising from its bass (so inversions and sevenths change the figure's
/// shape), varied from bar to bar within a phrase and settled at its cadence, so that no figure
/// repeats unchanged for long.
struct KeysLeftHand: Sendable {
    /// One stroke of a figure: when (16ths into the bar), which rungs of the chord ladder
    /// (0 = the bass) sound together, and for how long.
    struct Stroke: Sendable {
        var step: Int
        var rungs: [Int]
        var length: Int
    }
    typealias Figure = [Stroke]

    let form: Form
    let plan: HarmonicPlan
    let groove: Groove

    private static func line(_ rungs: [Int], every step: Int, length: Int) -> Figure {
        rungs.enumerated().map { Stroke(step: $0.offset * step, rungs: [$0.element], length: length) }
    }

    /// Figures for a bar of four beats: flowing, wide (nocturne), and sparse.
    static let common: (flowing: [Figure], wide: [Figure], sparse: [Figure]) = (
        flowing: [line([0, 2, 3, 4, 3, 2, 3, 1], every: 2, length: 4), line([0, 3, 2, 3, 1, 3, 2, 3], every: 2, length: 3),
                  line([0, 2, 4, 2, 0, 3, 4, 3], every: 2, length: 4)],
        wide: [line([0, 2, 4, 5, 6, 5, 4, 2], every: 2, length: 6), line([0, 3, 5, 6, 7, 6, 5, 3], every: 2, length: 6)],
        sparse: [[Stroke(step: 0, rungs: [0], length: 8), Stroke(step: 8, rungs: [2, 3, 4], length: 8)],
                 line([0, 2, 3, 4], every: 4, length: 8), [Stroke(step: 0, rungs: [0, 2, 3], length: 16)]])
    /// Figures for 3/4: oom-pah-pah, broken eighths, a wide arpeggio, and sparse.
    static let triple: (flowing: [Figure], wide: [Figure], sparse: [Figure]) = (
        flowing: [[Stroke(step: 0, rungs: [0], length: 4), Stroke(step: 4, rungs: [2, 3, 4], length: 3), Stroke(step: 8, rungs: [2, 3, 4], length: 3)],
                  line([0, 2, 3, 4, 3, 2], every: 2, length: 4)],
        wide: [line([0, 2, 4, 6, 4, 2], every: 2, length: 6), line([0, 3, 5, 6, 5, 3], every: 2, length: 6)],
        sparse: [[Stroke(step: 0, rungs: [0], length: 12), Stroke(step: 4, rungs: [2, 3], length: 8)],
                 [Stroke(step: 0, rungs: [0, 2, 3], length: 12)]])
    /// Figures for 6/8: two dotted beats of rolling eighths.
    static let compound: (flowing: [Figure], wide: [Figure], sparse: [Figure]) = (
        flowing: [line([0, 2, 3, 1, 3, 2], every: 2, length: 4), line([0, 3, 4, 0, 3, 4], every: 2, length: 3)],
        wide: [line([0, 2, 4, 5, 4, 2], every: 2, length: 6)],
        sparse: [[Stroke(step: 0, rungs: [0], length: 6), Stroke(step: 6, rungs: [2, 3], length: 6)],
                 [Stroke(step: 0, rungs: [0, 2, 3], length: 12)]])

    /// The chord's notes from its bass upwards: the bass, then every chord tone once in the span
    /// from a fifth above it (an open voicing: no third crowding the bass), then that span again an
    /// octave higher, so that the first rungs of a figure sound the whole chord.
    func ladder(for chord: Chord) -> [Int] {
        let bass = StyleTools.nearest(chord.bassTone, to: 41)
        // A four-note chord leaves the bass's pitch class to the bass, so that four rungs sound all four.
        let tones = Set(chord.tones).filter { Set(chord.tones).count < 4 || $0 != chord.bassTone }
        let upper = tones.map { pc in
            var pitch = bass + 7
            while ((pitch % 12) + 12) % 12 != pc { pitch += 1 }
            return pitch
        }.sorted()
        return [bass] + upper + upper.map { $0 + 12 }
    }

    /// The figure vocabulary for the form's metre, and the family for a section.
    func figures(for section: Form.Section, wide: Bool) -> [Figure] {
        let set = form.beatUnit == 8 ? Self.compound : form.isTriple ? Self.triple : Self.common
        switch section.kind {
        case .intro, .outro, .breakdown: return set.sparse
        case .chorus, .finale: return wide ? set.wide : set.flowing + set.wide
        case .verse: return wide ? set.wide + set.flowing : set.flowing
        }
    }

    /// Notes for the whole piece. `thin` lets sections in a focus piece fall back to sparse figures.
    func notes(wide: Bool, thin: Bool, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        for section in form.sections {
            var choices = figures(for: section, wide: wide)
            if thin, section.kind == .verse { choices = figures(for: Form.Section(kind: .intro, startBar: 0, bars: 0, energy: 0, cycle: 0), wide: wide) }
            let main = choices[random.index(choices.count)]
            let answer = choices[random.index(choices.count)]
            let dynamics = 0.34 + section.energy * 0.2
            for bar in section.startBar..<section.endBar {
                let inPhrase = (bar - section.startBar) % 4
                let ladder = ladder(for: plan.chord(atBar: bar))
                var figure = inPhrase == 2 ? answer : main
                // Even bars climb a rung higher: the hand opens out through the phrase.
                if inPhrase % 2 == 1 { figure = figure.map { Stroke(step: $0.step, rungs: $0.rungs.map { $0 == 0 ? 0 : $0 + 1 }, length: $0.length) } }
                // The phrase's last bar settles: the figure's first half, then the chord held.
                if inPhrase == 3 || bar == section.endBar - 1 {
                    let half = form.sixteenthsPerBar / 2
                    figure = figure.filter { $0.step < half } + [Stroke(step: half, rungs: [2, 3], length: half)]
                }
                for stroke in figure {
                    for (order, rung) in stroke.rungs.enumerated() {
                        let pitch = ladder[min(rung, ladder.count - 1)]
                        let accent = stroke.step == 0 ? 0.08 : 0
                        var note = groove.note(bar: bar, sixteenth: Double(stroke.step), lengthSixteenths: Double(stroke.length),
                                               pitch: pitch, velocity: dynamics + accent - Double(order) * 0.02, random: &random)
                        note.start += Double(order) * 0.008
                        notes.append(note)
                    }
                }
            }
        }
        return notes
    }
}
