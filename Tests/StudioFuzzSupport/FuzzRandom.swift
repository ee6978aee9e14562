/// SplitMix64: a tiny seeded generator, so that every fuzz run is the same run and any input can
/// be made again from its seed and iteration alone.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator of one iteration of a campaign: independent of every other iteration, so
    /// `FUZZ_ITERATION=n` reproduces input `n` without generating the ones before it.
    public init(seed: UInt64, iteration: Int) {
        var mixer = FuzzRandom(seed: seed ^ (UInt64(truncatingIfNeeded: iteration) &* 0xD6E8_FEB8_6659_FD93))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
