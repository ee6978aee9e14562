/// A pianist's tempo: the beat broadens into the end of every phrase (more into a section's
/// cadence, most into the final one) and presses a little on through builds, then returns.
///
/// A composer writes on the steady grid first; `apply` then moves every note and pedal time to
/// where the beat falls under the rubato, and gives the score the tempo map that says so (the
/// MIDI export's tempo events and tick positions). The a-tempo stays the asked tempo (a listener
/// and a tempo estimator hear it there); the broadenings lengthen the music by up to `slack`
/// seconds, which the composer leaves in the form's tail, and the map is scaled only for what
/// goes beyond it, so that the final chord still has its time to ring.
enum Rubato {
    /// Tempo changes (as factors of the steady tempo, by beat) for `form`. A continuous form (a
    /// focus segment) stays steady: its bars must meet the next segment's on one grid.
    static func plan(form: Form, depth: Double) -> [(beat: Double, factor: Double)] {
        guard !form.isContinuous, depth > 0 else { return [] }
        let bar = form.quartersPerBar
        var changes: [(beat: Double, factor: Double)] = []
        for (index, section) in form.sections.enumerated() {
            let nextKind = index + 1 < form.sections.count ? form.sections[index + 1].kind : nil
            let builds = nextKind == .chorus || nextKind == .finale
            var phraseStart = section.startBar
            while phraseStart < section.endBar {
                let phraseEnd = min(section.endBar, phraseStart + 4)
                let start = Double(phraseStart) * bar
                let end = Double(phraseEnd) * bar
                let isLastPhrase = phraseEnd == section.endBar
                let isFinal = isLastPhrase && index == form.sections.count - 1
                // A tempo at the phrase's start, a push through the last phrase of a build.
                changes.append((start, isLastPhrase && builds ? 1 + 0.012 * depth : 1))
                // The broadening: over the last beat and a half of a phrase, deeper at cadences.
                let amount = (isFinal ? 0.22 : isLastPhrase && !builds ? 0.13 : builds && isLastPhrase ? 0 : 0.07) * depth
                if amount > 0, end - start > 3 {
                    changes.append((end - 1.5, 1 - amount * 0.45))
                    changes.append((end - 0.75, 1 - amount))
                }
                phraseStart = phraseEnd
            }
        }
        // The final chord rings at the broadened tempo.
        changes.append((Double(form.totalBars) * bar, 1 - 0.18 * depth))
        return changes
    }

    /// Moves `score`'s notes and pedal onto the rubato of `plan` and sets its tempo map.
    static func apply(_ plan: [(beat: Double, factor: Double)], to score: inout Score, slack: Double) {
        guard plan.count > 1 else { return }
        let steady = score.tempo
        let musicBeats = Double(score.form.totalBars) * score.form.quartersPerBar
        // Seconds the music before the final chord takes at the planned factors; beyond the
        // steady seconds and the slack, every tempo is scaled up to make the time back.
        var planned = 0.0
        for (index, change) in plan.enumerated() where change.beat < musicBeats {
            let next = min(musicBeats, index + 1 < plan.count ? plan[index + 1].beat : musicBeats)
            planned += (next - change.beat) * 60 / (steady * change.factor)
        }
        let scale = max(1, planned / (musicBeats * 60 / steady + slack))
        var map = score
        map.tempo = steady * (plan[0].beat == 0 ? plan[0].factor : 1) * scale
        map.tempoChanges = plan.filter { $0.beat > 0 }.map { TempoChange(beat: $0.beat, bpm: steady * $0.factor * scale) }
        let warp = { (seconds: Double) -> Double in map.seconds(atBeats: seconds * steady / 60) }
        for index in score.parts.indices {
            score.parts[index].notes = score.parts[index].notes.map { note in
                var moved = note
                moved.start = warp(note.start)
                moved.duration = max(0.02, warp(note.start + note.duration) - moved.start)
                return moved
            }
            score.parts[index].pedal = score.parts[index].pedal.map { warp($0.lowerBound)..<warp($0.upperBound) }
        }
        score.tempo = map.tempo
        score.tempoChanges = map.tempoChanges
    }
}

extension Score {
    /// Seconds from the start at `beats` beats, through every tempo change: the inverse of
    /// `beats(atSeconds:)`.
    func seconds(atBeats beats: Double) -> Double {
        let map = tempoMap
        var time = 0.0
        for (index, change) in map.enumerated() {
            let secondsPerBeat = 60 / change.bpm
            if index + 1 < map.count, beats >= map[index + 1].beat {
                time += (map[index + 1].beat - change.beat) * secondsPerBeat
            } else {
                return time + (beats - change.beat) * secondsPerBeat
            }
        }
        return time
    }
}
