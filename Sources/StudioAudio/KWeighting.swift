import Foundation

/// One second-order section, run in Double because the RLB high-pass has its poles within 0.01
/// of the unit circle: in Float its rounding noise would be audible in the loudness of quiet,
/// bass-heavy material.
struct Biquad: Sendable, Equatable {
    var b0: Double, b1: Double, b2: Double
    var a1: Double, a2: Double
    /// Transposed direct form II state: two numbers, and well behaved with these poles.
    private var z1 = 0.0, z2 = 0.0

    init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        (self.b0, self.b1, self.b2, self.a1, self.a2) = (b0, b1, b2, a1, a2)
    }

    @inline(__always)
    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }

    static func == (lhs: Biquad, rhs: Biquad) -> Bool {
        (lhs.b0, lhs.b1, lhs.b2, lhs.a1, lhs.a2) == (rhs.b0, rhs.b1, rhs.b2, rhs.a1, rhs.a2)
    }
}

/// The K-weighting curve of ITU-R BS.1770-4: a +4 dB high shelf modelling the head, then the
/// "revised low-frequency B" high-pass that makes bass count less, as listeners hear it.
///
/// The Recommendation only tabulates coefficients for 48 kHz. Engines render at other rates too,
/// so the two sections are re-derived from their analogue prototypes with the bilinear transform,
/// using the centre frequencies, gains and Q values that libebur128 fitted to the published
/// table; at 48 kHz they reproduce it to better than 1e-9.
enum KWeighting {
    static func preFilter(sampleRate: Double) -> Biquad {
        let centre = 1681.974450955533
        let gainDB = 3.999843853973347
        let q = 0.7071752369554196
        let k = tan(Double.pi * centre / sampleRate)
        let highGain = pow(10, gainDB / 20)
        let bandGain = pow(highGain, 0.4996667741545416)
        let a0 = 1 + k / q + k * k
        return Biquad(
            b0: (highGain + bandGain * k / q + k * k) / a0,
            b1: 2 * (k * k - highGain) / a0,
            b2: (highGain - bandGain * k / q + k * k) / a0,
            a1: 2 * (k * k - 1) / a0,
            a2: (1 - k / q + k * k) / a0)
    }

    /// The numerator stays 1, −2, 1 exactly as published rather than normalised to unity gain:
    /// the −0.691 dB constant in the loudness formula was chosen against this un-normalised
    /// chain, so normalising here would shift every reading.
    static func highPass(sampleRate: Double) -> Biquad {
        let centre = 38.13547087602444
        let q = 0.5003270373238773
        let k = tan(Double.pi * centre / sampleRate)
        let a0 = 1 + k / q + k * k
        return Biquad(b0: 1, b1: -2, b2: 1,
                      a1: 2 * (k * k - 1) / a0,
                      a2: (1 - k / q + k * k) / a0)
    }
}

/// The whole K-weighting chain (shelf, then high-pass) for a left/right pair at once: each SIMD2
/// lane is one channel, so one vector operation filters both.
///
/// Direct form I, in Double: the state is the last two inputs, the last two shelf outputs (which
/// are also the high-pass inputs) and the last two outputs. Each output sums its feed-forward
/// terms first and the newest feedback term last, so the frame-to-frame dependency is one
/// multiply and one subtraction per section (the transposed form II of `Biquad` chains three
/// operations). The forms agree to rounding, ≈ 1e-16 relative, far below 0.01 LU.
struct StereoKWeighting: Sendable {
    private typealias Section = (b0: SIMD2<Double>, b1: SIMD2<Double>, b2: SIMD2<Double>,
                                 a1: SIMD2<Double>, a2: SIMD2<Double>)
    private let shelf: Section
    /// The high-pass numerator is 1, −2, 1 (see `KWeighting.highPass`); only b1 is multiplied,
    /// since multiplying by 1 is exact and would change nothing but the cost.
    private let highPass: Section
    private var x1 = SIMD2<Double>(), x2 = SIMD2<Double>()
    private var s1 = SIMD2<Double>(), s2 = SIMD2<Double>()
    private var y1 = SIMD2<Double>(), y2 = SIMD2<Double>()

    init(sampleRate: Double) {
        func lanes(_ section: Biquad) -> Section {
            (SIMD2(repeating: section.b0), SIMD2(repeating: section.b1), SIMD2(repeating: section.b2),
             SIMD2(repeating: section.a1), SIMD2(repeating: section.a2))
        }
        let highPass = KWeighting.highPass(sampleRate: sampleRate)
        precondition(highPass.b0 == 1 && highPass.b2 == 1, "the RLB numerator is 1, −2, 1")
        shelf = lanes(KWeighting.preFilter(sampleRate: sampleRate))
        self.highPass = lanes(highPass)
    }

    /// K-weights `frames` frames and adds each channel's Σ y² to its lane of `energies`, frame by
    /// frame in order.
    ///
    /// Two frames per iteration, with the state's roles swapped rather than shifted: the newest
    /// frame simply becomes "1 ago", which keeps the optimiser from re-pairing lanes across time.
    mutating func accumulateEnergy(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int,
                                   into energies: inout SIMD2<Double>) {
        let (shelf, highPass) = (self.shelf, self.highPass)
        @inline(__always) func shelved(_ x: SIMD2<Double>, _ x1: SIMD2<Double>, _ x2: SIMD2<Double>,
                                       _ s1: SIMD2<Double>, _ s2: SIMD2<Double>) -> SIMD2<Double> {
            ((shelf.b0 * x + shelf.b1 * x1) + shelf.b2 * x2 - shelf.a2 * s2) - shelf.a1 * s1
        }
        @inline(__always) func highPassed(_ s: SIMD2<Double>, _ s1: SIMD2<Double>, _ s2: SIMD2<Double>,
                                          _ y1: SIMD2<Double>, _ y2: SIMD2<Double>) -> SIMD2<Double> {
            ((s + highPass.b1 * s1) + s2 - highPass.a2 * y2) - highPass.a1 * y1
        }
        @inline(__always) func input(_ index: Int) -> SIMD2<Double> {
            SIMD2(Double(left[index]), Double(right[index]))
        }
        var (x1, x2, s1, s2, y1, y2) = (self.x1, self.x2, self.s1, self.s2, self.y1, self.y2)
        var energy = energies
        var index = 0
        while index + 2 <= frames {
            let xa = input(index)
            let sa = shelved(xa, x1, x2, s1, s2)
            let ya = highPassed(sa, s1, s2, y1, y2)
            energy += ya * ya
            let xb = input(index + 1)
            let sb = shelved(xb, xa, x1, sa, s1)
            let yb = highPassed(sb, sa, s1, ya, y1)
            energy += yb * yb
            (x1, x2, s1, s2, y1, y2) = (xb, xa, sb, sa, yb, ya)
            index += 2
        }
        if index < frames {
            let x = input(index)
            let s = shelved(x, x1, x2, s1, s2)
            let y = highPassed(s, s1, s2, y1, y2)
            energy += y * y
            (x1, x2, s1, s2, y1, y2) = (x, x1, s, s1, y, y1)
        }
        (self.x1, self.x2, self.s1, self.s2, self.y1, self.y2) = (x1, x2, s1, s2, y1, y2)
        energies = energy
    }
}
