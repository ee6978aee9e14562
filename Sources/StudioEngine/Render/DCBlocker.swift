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

    mutating func process(_ buffer: UnsafeMutablePointer<Float>, frames: Int) {
        var (x1, y1) = (previousInput, previousOutput)
        for i in 0..<frames {
            let x = buffer[i]
            let y = x - x1 + pole * y1
            buffer[i] = y
            x1 = x
            y1 = y
        }
        // Flush denormals once a block so a silent tail never slows the loop.
        (previousInput, previousOutput) = (x1, abs(y1) < 1e-20 ? 0 : y1)
    }
}
