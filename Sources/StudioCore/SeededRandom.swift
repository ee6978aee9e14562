/// A small, fast, reproducible random number generator (SplitMix64).
///
/// Everything an engine decides by chance comes from one of these, seeded from the request, so
/// that the same inputs give the same music on every machine and every run. `derived(_:)` gives
/// each part of a piece its own stream: adding a hi-hat never changes the melody.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent stream named by `label`, stable across runs and platforms.
    public func derived(_ label: String) -> SeededRandom {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a offset basis
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var mixer = SeededRandom(seed: state ^ hash)
        return SeededRandom(seed: mixer.next())
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An index in `0..<count`, without modulo bias worth speaking of for small counts.
    public mutating func index(_ count: Int) -> Int {
        precondition(count > 0, "index(_:) needs a non-empty range")
        return Int(next() % UInt64(count))
    }

    /// One element of `items`, chosen with probability proportional to its weight.
    public mutating func weighted<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + max(0, $1.1) }
        var pick = unit() * total
        for (item, weight) in items {
            pick -= max(0, weight)
            if pick < 0 { return item }
        }
        return items[items.count - 1].0
    }

    /// A roughly Gaussian value (sum of uniforms), cheap and reproducible.
    public mutating func gaussian(sigma: Double) -> Double {
        (unit() + unit() + unit() + unit() - 2) * sigma * 1.732
    }
}
