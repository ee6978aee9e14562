/// Finds the peaks a DAC's reconstruction filter will produce *between* samples.
///
/// A sample peak under-reads a band-limited signal by up to ~3 dB (a sine at fs/4 sampled at
/// ±45° never shows its crest), and lossy encoders and D/A converters clip on those hidden
/// overs. ITU-R BS.1770-4 Annex 2 therefore measures on a 4× oversampled signal; this is that
/// meter, streaming, with the Recommendation's own interpolation filter so that our readings
/// match every other compliant meter rather than a private design.
///
/// The filter is the published order-48 FIR split into 4 polyphase branches of 12 taps. Its
/// branches sit 1/8, 3/8, 5/8 and 7/8 of a sample away from the input instants, so none of them
/// reproduces an input sample exactly (the nearest tap is 0.972). To make sure a reading is never
/// below the plain sample peak, each step also looks at the original sample that closes its four
/// points, as libebur128 does by reporting max(true peak, sample peak).
///
/// Everything is a fixed 24-float ring of history, so copying a detector copies its state and
/// per-block processing never allocates.
public struct TruePeakDetector: Sendable {
    static let tapsPerPhase = 12
    static let phaseCount = 4

    /// ITU-R BS.1770-4 Annex 2, Table: one row per phase, tap k multiplies x[n − k].
    static let publishedCoefficients: [[Float]] = [
        [0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000,
         -0.0594482421875, 0.1373291015625, 0.9721679687500, -0.1022949218750,
         0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500],
        [-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250,
         -0.1665039062500, 0.4650878906250, 0.7797851562500, -0.2003173828125,
         0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375],
        [-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000,
         -0.2003173828125, 0.7797851562500, 0.4650878906250, -0.1665039062500,
         0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875],
        [-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750,
         -0.1022949218750, 0.9721679687500, 0.1373291015625, -0.0594482421875,
         0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750],
    ]

    /// The same table flattened and time-reversed per phase, so that a phase's output is a plain
    /// dot product with the history read oldest → newest.
    static let oldestFirstCoefficients: [Float] = publishedCoefficients.flatMap { $0.reversed() }

    /// The four interpolated points of one step lie this many samples before the newest input,
    /// between x[n − 6] and x[n − 5]; the limiter needs it to line gain up with audio.
    static let interpolationDelay = 5

    /// Each sample is written twice, `tapsPerPhase` apart, so the last 12 samples are always
    /// contiguous starting at `position` and no step has to wrap.
    private var history: [Float]
    private var position = 0

    public init() {
        history = [Float](repeating: 0, count: 2 * Self.tapsPerPhase)
    }

    /// The largest magnitude among the four interpolated points that this sample completes (and
    /// the original sample they lead up to), ≈ 5.5 samples behind `x`.
    public mutating func next(_ x: Float) -> Float {
        var sample = x
        var peak: Float = 0
        interpolatedPeaks(of: &sample, frames: 1, into: &peak)
        return peak
    }

    /// The true peak of this block (linear): the largest magnitude of every interpolated point and
    /// sample completed by it. Points still waiting on future samples belong to the next block.
    public mutating func process(_ samples: UnsafePointer<Float>, frames: Int) -> Float {
        var peak: Float = 0
        history.withUnsafeMutableBufferPointer { ring in
            Self.coefficientsByTap.withUnsafeBufferPointer { table in
                for index in 0..<frames {
                    peak = max(peak, Self.step(samples[index], ring: ring.baseAddress!,
                                               position: &position, coefficients: table.baseAddress!))
                }
            }
        }
        return peak
    }

    /// One value per input frame, as `next(_:)` would return it; the limiter turns these into gains.
    mutating func interpolatedPeaks(of samples: UnsafePointer<Float>, frames: Int,
                                    into peaks: UnsafeMutablePointer<Float>) {
        history.withUnsafeMutableBufferPointer { ring in
            Self.coefficientsByTap.withUnsafeBufferPointer { table in
                for index in 0..<frames {
                    peaks[index] = Self.step(samples[index], ring: ring.baseAddress!,
                                             position: &position, coefficients: table.baseAddress!)
                }
            }
        }
    }

    /// The four phases' coefficients for each tap, side by side, so that one SIMD4 multiply-add
    /// per tap computes all four interpolated points at once (12 vector operations, not 48).
    static let coefficientsByTap: [SIMD4<Float>] = (0..<tapsPerPhase).map { tap in
        SIMD4((0..<phaseCount).map { phase in oldestFirstCoefficients[phase * tapsPerPhase + tap] })
    }

    @inline(__always)
    private static func step(_ x: Float, ring: UnsafeMutablePointer<Float>, position: inout Int,
                             coefficients c: UnsafePointer<SIMD4<Float>>) -> Float {
        ring[position] = x
        ring[position + tapsPerPhase] = x
        position = position == tapsPerPhase - 1 ? 0 : position + 1
        let h = ring + position // h[0] = x[n − 11] … h[11] = x[n]
        var sum = c[0] * h[0]
        for tap in 1..<tapsPerPhase {
            sum += c[tap] * h[tap]
        }
        let magnitudes = pointwiseMax(sum, -sum)
        return max(abs(h[tapsPerPhase - 1 - interpolationDelay]), magnitudes.max())
    }
}
