import Foundation

/// The classic one-pole, one-zero DC blocker, y[n] = x[n] − x[n−1] + R·y[n−1].
///
/// A cutoff of a few hertz removes DC and sub-sonic drift while shifting the phase of a 40 Hz
/// bass by only a few degrees; three operations a sample, cheap enough to run on every stem.
struct DCBlocker {
    private let pole: Float
    private var previousInput: Float = 0
    private var previousOutput: Float = 0

    init(cutoff: Float, sampleRate: Float) {
        pole = 1 - 2 * Float.pi * cutoff / sampleRate
    }

    /// Applies `fade` (when given) and blocks DC on a stereo pair in place, in one pass (two
    /// independent recursions interleave well).
    static func processPair(_ left: inout DCBlocker, _ right: inout DCBlocker,
                            _ l: UnsafeMutablePointer<Float>, _ r: UnsafeMutablePointer<Float>,
                            fade: UnsafePointer<Float>?, frames: Int) {
        var (lx1, ly1, rx1, ry1) = (left.previousInput, left.previousOutput, right.previousInput, right.previousOutput)
        let (lp, rp) = (left.pole, right.pole)
        for i in 0..<frames {
            let g = fade?[i] ?? 1
            let xl = l[i] * g, xr = r[i] * g
            let yl = xl - lx1 + lp * ly1
            let yr = xr - rx1 + rp * ry1
            (lx1, ly1, rx1, ry1) = (xl, yl, xr, yr)
            l[i] = yl
            r[i] = yr
        }
        (left.previousInput, left.previousOutput) = (lx1, abs(ly1) < 1e-20 ? 0 : ly1)
        (right.previousInput, right.previousOutput) = (rx1, abs(ry1) < 1e-20 ? 0 : ry1)
    }
}
