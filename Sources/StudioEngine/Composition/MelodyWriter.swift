import StudioCore

/// Turns motifs into notes over the harmony: strong beats land on chord tones, the rest move
/// through the scale, and the register stays singable.
struct MelodyWriter: Sendable {
    let plan: HarmonicPlan
    let form: Form
    /// The MIDI note of the tonic the melody centres on (e.g. 72).
    let tonicMIDI: Int
    let range: ClosedRange<Int>
    /// Steps away from a note that would repeat the one before it, as a singer's line moves
    /// (a motif's random walk, snapped to chord tones, otherwise lands on the same note often).
    var avoidsRepeats = false

    /// Writes `motif` starting at `bar`, anchored `anchor` scale steps above the tonic.
    /// `previous` is the pitch the line last sang, so that a phrase does not open on it again.
    func write(_ motif: Motif, bar: Int, anchor: Int, velocity: Double, groove: Groove,
               random: inout SeededRandom, after previous: Int? = nil) -> [NoteEvent] {
        var result: [NoteEvent] = []
        let barLength = form.sixteenthsPerBar
        // Strong positions: the half bar in 4/4, each beat in 3/4, each dotted beat in 6/8.
        let strongEvery = barLength == 16 ? 8 : form.beatUnit == 8 ? 6 : 4
        var last = previous
        for note in motif.notes {
            let noteBar = bar + note.onset / barLength
            let sixteenth = Double(note.onset % barLength)
            let chord = plan.chord(atBar: noteBar)
            var degree = anchor + note.step
            let strong = note.onset % strongEvery == 0 || note.length >= 6
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
            if avoidsRepeats, pitch == last {
                pitch = neighbour(of: degree, strong: strong, chord: chord, toward: note.step >= 2 ? -1 : 1)
            }
            last = pitch
            let accent = note.accent ? 0.08 : 0
            var event = groove.note(bar: noteBar, sixteenth: sixteenth, lengthSixteenths: Double(note.length) * 0.92,
                                    pitch: pitch, velocity: velocity + accent, random: &random)
            event.duration = max(event.duration, 0.08)
            result.append(event)
        }
        return result
    }

    /// The nearest other note from `degree` in `direction` (then the other way): the next chord
    /// tone on a strong beat, the next scale step otherwise, kept in range.
    private func neighbour(of degree: Int, strong: Bool, chord: Chord, toward direction: Int) -> Int {
        for sign in [direction, -direction] {
            for distance in 1...3 {
                let candidate = degree + sign * distance
                let pc = plan.scale.pitchClass(ofDegree: candidate)
                if strong, !chord.tones.prefix(3).contains(pc) { continue }
                if !strong, chord.tones.contains(where: { ($0 - pc + 12) % 12 == 1 || (pc - $0 + 12) % 12 == 1 }),
                   !chord.tones.contains(pc) { continue }
                var pitch = plan.scale.midi(degree: candidate, tonicMIDI: tonicMIDI)
                while pitch > range.upperBound { pitch -= 12 }
                while pitch < range.lowerBound { pitch += 12 }
                return pitch
            }
        }
        return plan.scale.midi(degree: degree + direction, tonicMIDI: tonicMIDI)
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
