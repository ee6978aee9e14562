import Foundation

/// Doubles the sample rate of a stereo block with a 16-tap windowed-sinc interpolator.
///
/// Band-limited parts (pads, drones, air) are rendered at half rate and brought up here: every
/// even output sample is an input sample, every odd one is interpolated half-way between two,
/// from the eight inputs on each side. The passband is flat within 0.1 dB to 8 kHz (a half-rate
/// part has nothing above 10 kHz); the delay is a constant 16 output samples (0.33 ms at 48 kHz).
struct HalfBandUpsampler {
    static let taps = 16
    /// Blackman-windowed sinc at offsets k − 7.5, normalised to unit DC gain.
    static let coefficients: [Float] = {
        let n = taps
        var h = (0..<n).map { k -> Double in
            let x = Double(k) - 7.5
            let sinc = sin(.pi * x) / (.pi * x)
            let w = 0.42 + 0.5 * cos(2 * .pi * x / Double(n + 1)) + 0.08 * cos(4 * .pi * x / Double(n + 1))
            return sinc * w
        }
        let sum = h.reduce(0, +)
        h = h.map { $0 / sum }
        return h.map(Float.init)
    }()

    /// The last `taps` input samples of each channel, oldest first, followed by the new block.
    private var historyLeft = [Float](repeating: 0, count: taps)
    private var historyRight = [Float](repeating: 0, count: taps)
    private var scratch = [Float]()

    /// Reads `inputFrames` half-rate samples and writes `2 · inputFrames` full-rate samples.
    mutating func process(inputLeft: UnsafePointer<Float>, inputRight: UnsafePointer<Float>, inputFrames: Int,
                          outputLeft: UnsafeMutablePointer<Float>, outputRight: UnsafeMutablePointer<Float>) {
        Self.upsample(input: inputLeft, frames: inputFrames, output: outputLeft, history: &historyLeft, scratch: &scratch)
        Self.upsample(input: inputRight, frames: inputFrames, output: outputRight, history: &historyRight, scratch: &scratch)
    }

    private static func upsample(input: UnsafePointer<Float>, frames: Int, output: UnsafeMutablePointer<Float>,
                                 history: inout [Float], scratch: inout [Float]) {
        let n = taps
        if scratch.count < n + frames { scratch = [Float](repeating: 0, count: n + frames) }
        scratch.withUnsafeMutableBufferPointer { s in
            let line = s.baseAddress!
            history.withUnsafeBufferPointer { line.update(from: $0.baseAddress!, count: n) }
            (line + n).update(from: input, count: frames)
            coefficients.withUnsafeBufferPointer { c in
                let h = c.baseAddress!
                for m in 0..<frames {
                    // x[m − k] lives at line[n + m − k]; the window ends at the newest sample.
                    let window = line + m + 1
                    var sum: Float = 0
                    for k in 0..<n { sum += h[k] * window[n - 1 - k] }
                    output[2 * m] = window[n - 1 - 8]
                    output[2 * m + 1] = sum
                }
            }
            history.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: line + frames, count: n) }
        }
    }
}
