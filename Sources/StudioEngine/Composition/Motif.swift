import StudioCore

/// A short melodic idea: a rhythm on a 16th-note grid and a contour in scale steps.
///
/// Pieces are built by stating a motif, repeating it over new harmony, and developing it
/// (sequence, inversion, ornament, a cadence), which is what makes a tune memorable.
struct Motif: Sendable, Equatable {
    struct Note: Sendable, Equatable {
        /// Onset in 16ths from the motif's start.
        var onset: Int
        /// Length in 16ths.
        var length: Int
        /// Scale steps from the phrase's anchor degree.
        var step: Int
        var accent: Bool
    }

    var notes: [Note]
    /// Length in 16ths (a multiple of 16).
    var length: Int

    /// A new motif of `bars` bars. `density` 0…1 sets how many notes; `range` bounds the contour.
    static func make(bars: Int, density: Double, random: inout SeededRandom, range: ClosedRange<Int> = -3...7,
                     barLength: Int = 16) -> Motif {
        let total = bars * barLength
        var onsets: [Int] = [0]
        var position = 0
        while true {
            // Steps of a quarter, an eighth, or a dotted eighth; busier motifs move in 8ths and 16ths.
            let options: [(Int, Double)] = [
                (2, 0.6 + density), (4, 1.4 - density), (3, 0.35), (6, 0.5 - density * 0.3), (1, density * 0.35),
            ]
            position += random.weighted(options)
            // Leave the last beat of the motif as a breath.
            if position >= total - 3 { break }
            onsets.append(position)
        }
        var notes: [Note] = []
        var step = random.weighted([(0, 2.0), (2, 2.0), (4, 1.5), (7, 0.6)])
        for (index, onset) in onsets.enumerated() {
            let next = index + 1 < onsets.count ? onsets[index + 1] : total
            var length = next - onset
            if index == onsets.count - 1 { length = min(length, max(4, total - onset - 2)) }
            let accent = onset % 8 == 0
            notes.append(Note(onset: onset, length: max(1, length), step: step, accent: accent))
            // A random walk that prefers steps, follows a leap by a step back, and stays in range.
            var move = random.weighted([(0, 0.8), (1, 3.0), (-1, 3.2), (2, 1.6), (-2, 1.6), (3, 0.6), (-3, 0.5), (4, 0.35), (-4, 0.3)])
            if let last = notes.dropLast().last, abs(step - last.step) >= 3 { move = step > last.step ? -1 : 1 }
            step = min(range.upperBound, max(range.lowerBound, step + move))
        }
        return Motif(notes: notes, length: total)
    }

    /// The same rhythm, the contour mirrored around its first note.
    func inverted() -> Motif {
        guard let first = notes.first?.step else { return self }
        return Motif(notes: notes.map { Note(onset: $0.onset, length: $0.length, step: 2 * first - $0.step, accent: $0.accent) },
                     length: length)
    }

    /// Moved by `steps` scale steps: a sequence.
    func transposed(by steps: Int) -> Motif {
        Motif(notes: notes.map { Note(onset: $0.onset, length: $0.length, step: $0.step + steps, accent: $0.accent) },
              length: length)
    }

    /// Long notes split into two with a neighbour tone, for a more decorated restatement.
    func ornamented(_ random: inout SeededRandom) -> Motif {
        var result: [Note] = []
        for note in notes {
            if note.length >= 4 && random.chance(0.5) {
                let half = note.length / 2
                result.append(Note(onset: note.onset, length: half, step: note.step, accent: note.accent))
                result.append(Note(onset: note.onset + half, length: note.length - half,
                                   step: note.step + (random.chance(0.5) ? 1 : -1), accent: false))
            } else {
                result.append(note)
            }
        }
        return Motif(notes: result, length: length)
    }

    /// Ends on `finalStep` (the tonic or a chord tone), held, so that the phrase closes.
    func cadencing(on finalStep: Int) -> Motif {
        guard !notes.isEmpty else { return self }
        var result = notes
        let last = result.count - 1
        result[last].step = finalStep
        result[last].length = max(result[last].length, min(8, length - result[last].onset))
        if last > 0 { result[last - 1].step = finalStep + (result[last - 1].step > finalStep ? 1 : -1) }
        return Motif(notes: result, length: length)
    }

    /// Only the first `fraction` of the motif, for sparse sections.
    func fragment(_ fraction: Double) -> Motif {
        let cut = Int(Double(length) * fraction)
        return Motif(notes: notes.filter { $0.onset < cut }.map {
            Note(onset: $0.onset, length: min($0.length, cut - $0.onset + 4), step: $0.step, accent: $0.accent)
        }, length: length)
    }
}
