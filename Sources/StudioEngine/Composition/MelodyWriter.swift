import StudioCore

/// Turns motifs into notes over the harmony: strong beats land on chord tones, the rest move
/// through the scale, and the register stays singable.
struct MelodyWriter: Sendable {
    let plan: HarmonicPlan
    let form: Form
    /// The MIDI note of the tonic the melody centres on (e.g. 72).
    let tonicMIDI: Int
    let range: ClosedRange<Int>

    /// Writes `motif` starting at `bar`, anchored `anchor` scale steps above the tonic.
    func write(_ motif: Motif, bar: Int, anchor: Int, velocity: Double, groove: Groove,
               random: inout SeededRandom) -> [NoteEvent] {
        var result: [NoteEvent] = []
        for note in motif.notes {
            let noteBar = bar + note.onset / 16
            let sixteenth = Double(note.onset % 16)
            let chord = plan.chord(atBar: noteBar)
            var degree = anchor + note.step
            let strong = note.onset % 8 == 0 || note.length >= 6
            if strong { degree = nearestChordDegree(to: degree, chord: chord) }
            var pitch = plan.scale.midi(degree: degree, tonicMIDI: tonicMIDI)
            // Never a semitone against a chord tone: step to the chord tone instead.
            let pc = ((pitch % 12) + 12) % 12
            if chord.tones.contains(where: { ($0 - pc + 12) % 12 == 1 || (pc - $0 + 12) % 12 == 1 }),
               !chord.tones.contains(pc), note.length >= 3 {
                degree = nearestChordDegree(to: degree, chord: chord)
                pitch = plan.scale.midi(degree: degree, tonicMIDI: tonicMIDI)
            }
            while pitch > range.upperBound { pitch -= 12 }
            while pitch < range.lowerBound { pitch += 12 }
            let accent = note.accent ? 0.08 : 0
            var event = groove.note(bar: noteBar, sixteenth: sixteenth, lengthSixteenths: Double(note.length) * 0.92,
                                    pitch: pitch, velocity: velocity + accent, random: &random)
            event.duration = max(event.duration, 0.08)
            result.append(event)
        }
        return result
    }

    /// The chord tone, in scale degrees, closest to `degree` (ties go down, which sounds settled).
    func nearestChordDegree(to degree: Int, chord: Chord) -> Int {
        var best = degree
        var bestDistance = Int.max
        for candidate in (degree - 3)...(degree + 3) {
            let pc = plan.scale.pitchClass(ofDegree: candidate)
            guard chord.tones.prefix(3).contains(pc) else { continue }
            let distance = abs(candidate - degree) * 2 + (candidate > degree ? 1 : 0)
            if distance < bestDistance {
                bestDistance = distance
                best = candidate
            }
        }
        return best
    }
}
