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
