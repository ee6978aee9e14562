/// Chooses where each chord's notes sit so that consecutive chords move as little as possible —
/// the voice leading a keyboard player would use.
enum Voicing {
    /// Returns `count` MIDI notes for `chord`, close to `center`, moving smoothly from `previous`.
    static func voice(_ tones: [Int], count: Int, center: Int, previous: [Int]?) -> [Int] {
        var best: [Int] = []
        var bestCost = Double.infinity
        let span = max(count, tones.count)
        for rotation in 0..<tones.count {
            let ordered = Array(tones[rotation...] + tones[..<rotation])
            var pitchClasses = Array(ordered.prefix(count))
            var fill = 0
            while pitchClasses.count < span && pitchClasses.count < count {
                pitchClasses.append(tones[fill % tones.count])
                fill += 2
            }
            for lowest in (center - 12)...(center) {
                guard ((lowest % 12) + 12) % 12 == pitchClasses[0] else { continue }
                var notes = [lowest]
                for pc in pitchClasses.dropFirst() {
                    var next = notes.last! + 1
                    while ((next % 12) + 12) % 12 != pc { next += 1 }
                    notes.append(next)
                }
                let mean = Double(notes.reduce(0, +)) / Double(notes.count)
                var cost = abs(mean - Double(center)) * 0.35
                if let previous, previous.count == notes.count {
                    cost += zip(previous.sorted(), notes).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) }
                }
                // Avoid muddy clusters low down.
                if notes[0] < 52, notes.count > 1, notes[1] - notes[0] < 3 { cost += 4 }
                if cost < bestCost {
                    bestCost = cost
                    best = notes
                }
            }
        }
        return best
    }
}
