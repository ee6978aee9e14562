import StudioCore

/// The project's seeded generator (`SeededRandom`, SplitMix64) with what fuzzing adds: a
/// generator per iteration, so that any input can be made again from its seed and iteration
/// alone, and helpers for picking syntax.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var base: SeededRandom

    public init(seed: UInt64) { base = SeededRandom(seed: seed) }

    /// The generator of one iteration of a campaign: independent of every other iteration, so
    /// `FUZZ_ITERATION=n` reproduces input `n` without generating the ones before it.
    public init(seed: UInt64, iteration: Int) {
        var mixer = SeededRandom(seed: seed ^ (UInt64(truncatingIfNeeded: iteration) &* 0xD6E8_FEB8_6659_FD93))
        base = SeededRandom(seed: mixer.next())
    }

    public mutating func next() -> UInt64 { base.next() }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    /// One of `choices`, which must not be empty.
    public mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...(choices.count - 1))] }

    /// A byte, biased towards the ones parsers care about (ASCII punctuation, controls, 0x80+).
    public mutating func byte() -> UInt8 {
        chance(0.5) ? pick(Array("\r\n \t:;,=-/\\\"'{}[]%.0123456789abcxyzXYZ#^&!>?@".utf8) + [0, 0x7F, 0x80, 0xC3, 0xFF])
                    : UInt8.random(in: 0...255, using: &self)
    }
}
