import StudioCore

/// ambient-1's melody as events rather than phrases: short figures of one to four notes placed
/// at irregular times (gaps drawn at random around a mean that the state's energy sets), their
/// pitches a slow walk through the scale that lands on chord tones. Nothing sits on a bar line by
/// rule, so the melody never marks a period; focus words lengthen the silences.
struct AmbientEvents: Sendable {
    let form: Form
    let plan: HarmonicPlan
    let energy: Double
    /// Focus, study or sleep: fewer, shorter figures, with the melody sounding under half the time.
    let sparse: Bool

    func notes(random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let tonic = plan.scale.tonicMIDI(near: 76)
        var degree = random.weighted([(0, 1.0), (2, 1.0), (4, 1.0)])
        let end = form.finalChordTime - form.barDuration
        // The first event waits until the piece has emerged.
        let intro = form.sections.first.map { $0.kind == .intro ? Double($0.bars) * form.barDuration : 0 } ?? 0
        var time = intro * random.uniform(0.6...1.1)
        let beat = form.beatDuration
        while time < end {
            let bar = Int(time / form.barDuration)
            let section = form.section(atBar: bar)
            let chord = plan.chord(atBar: bar)
            let count = sparse ? random.weighted([(1, 1.0), (2, 0.8)]) : random.weighted([(1, 0.6), (2, 1.0), (3, 0.9), (4, 0.5)])
            var t = time
            for index in 0..<count {
                degree += random.weighted([(0, 0.4), (1, 1.2), (-1, 1.3), (2, 0.6), (-2, 0.6), (3, 0.3), (-3, 0.3)])
                degree = min(9, max(0, degree))
                if index == 0 || index == count - 1 { degree = nearestChordDegree(degree, chord: chord) }
                let pitch = plan.scale.midi(degree: degree, tonicMIDI: tonic)
                let length = beat * random.weighted([(1.0, 1.0), (1.5, 0.6), (2.0, 0.8), (3.0, 0.4)])
                let velocity = 0.4 + section.energy * 0.25 + random.uniform(-0.06...0.06)
                notes.append(NoteEvent(start: max(0, t + random.gaussian(sigma: 0.02)), duration: length * 1.4, pitch: pitch,
                                       velocity: Float(min(1, max(0.1, velocity)))))
                t += length
            }
            // The silence after a figure: long and uneven, longer in calm states and for focus.
            let mean = beat * (sparse ? 14 : 6) * (1.6 - section.energy) * (1.3 - energy * 0.5)
            time = t + mean * random.uniform(0.4...1.8)
        }
        return notes
    }

    /// The degree nearest `degree` whose pitch class is one of the chord's first three tones.
    private func nearestChordDegree(_ degree: Int, chord: Chord) -> Int {
        for distance in 0...3 {
            for candidate in [degree - distance, degree + distance]
            where chord.tones.prefix(3).contains(plan.scale.pitchClass(ofDegree: candidate)) {
                return candidate
            }
        }
        return degree
    }
}
