import Foundation
import StudioCore

/// The piano's right hand: in every eight-bar strain a motif is stated, varied (ornamented or
/// moved up a step as a sequence), answered by a second idea that ends open, and brought home;
/// the contrasting sections sing a motif of their own higher up, and the climactic return
/// lifts the anchor for its peak. Dynamics follow the phrase (rising to its middle, falling
/// to its cadence) on top of the section's level, and the last note of a phrase is taken a
/// little late, as a player lingers on it.
///
/// The melody rests too: the last two bars of a strain belong to the left hand, and in a
/// spacious piece (focus, study, sleep) the melody sings every other phrase only.
struct KeysMelody: Sendable {
    let form: Form
    let plan: HarmonicPlan
    let groove: Groove
    let energy: Double
    let spacious: Bool

    func notes(random: inout SeededRandom) -> [NoteEvent] {
        var writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 72), range: 62...88)
        writer.avoidsRepeats = true
        let barLength = form.sixteenthsPerBar
        let statement = Motif.make(bars: 2, density: 0.32 + energy * 0.3, random: &random, barLength: barLength)
        let answer = Motif.make(bars: 2, density: 0.3 + energy * 0.25, random: &random, range: -2...5, barLength: barLength)
        let soaring = Motif.make(bars: 2, density: 0.45 + energy * 0.3, random: &random, range: 0...8, barLength: barLength)
        var notes: [NoteEvent] = []
        var last: Int?
        for section in form.sections where section.kind != .intro {
            let contrasting = section.kind == .chorus
            var bar = section.startBar
            var unit = 0
            while bar + 2 <= section.endBar {
                defer { bar += 2; unit += 1 }
                let slot = unit % 4
                let closing = bar + 2 == section.endBar
                if rests(section: section, slot: slot, unit: unit, closing: closing) { continue }
                var motif: Motif
                var anchor = contrasting ? 2 : 0
                switch slot {
                case 0: motif = contrasting ? soaring : statement
                case 1: motif = random.chance(0.5) ? (contrasting ? soaring : statement).ornamented(&random)
                                                   : (contrasting ? soaring : statement).transposed(by: 1)
                case 2: motif = contrasting ? soaring.inverted() : answer
                default: motif = (contrasting ? soaring : statement).ornamented(&random)
                }
                if section.kind == .breakdown { motif = motif.fragment(0.6) }
                if section.kind == .finale && slot == 1 { anchor += 2 }   // the climax
                if section.kind == .verse && section.cycle > 0 && slot == 0 { motif = motif.ornamented(&random) }
                if closing && !contrasting { motif = motif.cadencing(on: 0) }
                var phrase = writer.write(motif, bar: bar, anchor: anchor, velocity: 0.5, groove: groove, random: &random, after: last)
                // The arch spans the four-bar phrase: the first unit rises, the second falls.
                shape(&phrase, section: section, slot: slot, start: form.time(ofBar: bar - (slot % 2) * 2), length: 4 * form.barDuration)
                last = phrase.last?.pitch
                notes += phrase
                // The climax doubles its long notes a third or sixth below, as a pianist fills out a peak.
                if section.kind == .finale {
                    for note in phrase where note.duration >= form.beatDuration {
                        var third = note
                        third.pitch -= plan.scale.contains(pitchClass: (note.pitch - 4 + 12) % 12) ? 4 : 3
                        third.velocity *= 0.72
                        notes.append(third)
                    }
                }
            }
        }
        return notes
    }

    /// Whether the melody leaves this two-bar unit to the left hand.
    private func rests(section: Form.Section, slot: Int, unit: Int, closing: Bool) -> Bool {
        if spacious { return unit % 2 == 1 || section.kind == .breakdown }
        // The fourth unit of a long strain is the accompaniment's, unless it closes the section.
        return slot == 3 && !closing && section.bars >= 8
    }

    /// Velocities from the phrase's arch and the section's level, the melody above the left
    /// hand, and the phrase's last note lingered on. (A melody systematically ahead of the left
    /// hand would move the felt beat: the pair's 6 ms offset read as a 2 % faster tempo.)
    private func shape(_ phrase: inout [NoteEvent], section: Form.Section, slot: Int, start: Double, length: Double) {
        let level = 0.3 + section.energy * 0.5 + (section.kind == .finale && slot == 1 ? 0.08 : 0)
        let beat = form.beatDuration
        for index in phrase.indices {
            let position = min(1, max(0, (phrase[index].start - start) / length))
            let arch = 0.5 + 0.7 * sin(Double.pi * position)
            // Beats lean, the notes between them give way.
            let onBeat = abs(phrase[index].start / beat - (phrase[index].start / beat).rounded()) < 0.05
            let jitter = Double(phrase[index].velocity) - 0.5   // the writer's accent and humanisation
            phrase[index].velocity = Float(min(1, max(0.15, level * arch * (onBeat ? 1.1 : 0.88) + jitter)))
        }
        if var last = phrase.last {
            last.start += 0.035
            last.velocity *= 0.8
            phrase[phrase.count - 1] = last
        }
    }
}
