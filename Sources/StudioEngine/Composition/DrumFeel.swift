/// Half-time and double-time as a drum pattern's density: half-time keeps every other kick, moves
/// the backbeat to beat three and plays quarter-note hats; double-time doubles the hats to 16ths
/// and the backbeat to every beat. The tempo stays, the felt tempo moves.
///
/// Patterns are steps on a bar of `steps` 16ths: 16 in 4/4, 12 in 3/4 and 6/8, where "half"
/// keeps the downbeat's kick, and "double" repeats the kick half a bar later.
enum DrumFeel {
    static func kicks(_ steps: [Int], _ feel: PromptInterpretation.Feel, bar: Int = 16) -> [Int] {
        let half = bar / 2
        switch feel {
        case .normal: return steps
        case .half:
            let kept = steps.filter { $0 % half == 0 && bar == 16 || $0 == 0 }
            return kept.isEmpty ? [0] : kept
        case .double: return Array(Set(steps + steps.map { ($0 + half) % bar })).sorted()
        }
    }

    static func backbeat(_ steps: [Int], _ feel: PromptInterpretation.Feel, bar: Int = 16) -> [Int] {
        switch feel {
        case .normal: steps
        case .half: steps.isEmpty ? [] : [bar / 2]
        case .double: steps.isEmpty ? [] : Array(stride(from: 2, to: bar, by: 4))
        }
    }

    static func hats(_ steps: [Int], _ feel: PromptInterpretation.Feel, bar: Int = 16) -> [Int] {
        switch feel {
        case .normal: steps
        case .half: steps.isEmpty ? [] : (bar == 16 ? [4, 12] : [0, 6])
        case .double: steps.isEmpty ? [] : Array(0..<bar)
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
