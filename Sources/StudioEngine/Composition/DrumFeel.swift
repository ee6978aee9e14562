/// Half-time and double-time as a drum pattern's density: half-time keeps every other kick, moves
/// the backbeat to beat three and plays quarter-note hats; double-time doubles the hats to 16ths
/// and the backbeat to every beat. The tempo stays, the felt tempo moves.
enum DrumFeel {
    static func kicks(_ steps: [Int], _ feel: PromptInterpretation.Feel) -> [Int] {
        switch feel {
        case .normal: steps
        case .half: steps.filter { $0 % 8 == 0 }.isEmpty ? [0] : steps.filter { $0 % 8 == 0 }
        case .double: Array(Set(steps + steps.map { ($0 + 8) % 16 })).sorted()
        }
    }

    static func backbeat(_ steps: [Int], _ feel: PromptInterpretation.Feel) -> [Int] {
        switch feel {
        case .normal: steps
        case .half: steps.isEmpty ? [] : [8]
        case .double: steps.isEmpty ? [] : [2, 6, 10, 14]
        }
    }

    static func hats(_ steps: [Int], _ feel: PromptInterpretation.Feel) -> [Int] {
        switch feel {
        case .normal: steps
        case .half: steps.isEmpty ? [] : [4, 12]
        case .double: steps.isEmpty ? [] : Array(0..<16)
        }
    }

    /// The groove for a prompt's swing: swung 8ths at `ratio` of the beat (2r − 1 of an 8th
    /// delays the off-beat eighth to r of the beat), or the engine's own when the prompt is silent.
    static func groove(_ base: Groove, ratio: Double?) -> Groove {
        guard let ratio else { return base }
        var groove = base
        groove.swing = max(0, 2 * ratio - 1)
        groove.swingUnit = 2
        return groove
    }
}
