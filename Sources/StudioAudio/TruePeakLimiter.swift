import Foundation

/// The last stage of the master chain: keeps the true peak under a ceiling so that encoders and
/// converters downstream never clip, without pumping or distorting material that is already safe.
///
/// Why each piece is there:
/// - **True-peak sensing.** Gain is computed from the same 4× oversampled points that
///   `TruePeakDetector` measures, so "limited" means "measures under the ceiling", not merely
///   "samples under the ceiling".
/// - **Stereo link.** One gain for both channels keeps the stereo image from wandering.
/// - **Look-ahead window minimum.** Each input instant asks for `ceiling / peak`; the smallest
///   request in the window is held so the gain is already down for the whole look-ahead, and a
///   monotonic deque finds that minimum in O(1) amortised time with fixed storage.
/// - **Release that never overshoots.** Recovery is a one-pole glide toward the held minimum and is
///   clamped to it, so smoothing can only make gain lower, never let a peak through.
/// - **Moving average of the look-ahead's length.** Turns the held staircase into ramps with no
///   corners (a corner is a click); because the hold is longer than the average, the average has
///   fully settled on a peak's request before that peak leaves the delay line.
///
/// The hold is `guardFrames` (15) longer than the average and the audio is delayed 12 frames
/// beyond the look-ahead, so that *every* sample feeding an interpolated point — the filter spans
/// 12 samples — is scaled by a gain already at or below that point's request. Without this guard
/// the gain would still be ramping across a peak's neighbours and the filter's side lobes could
/// carry an over through; with it, seeded noise, squares and near-Nyquist bursts at up to +18 dB
/// land within 1e-5 dB of the ceiling.
///
/// A signal whose true peak never exceeds the ceiling requests 1.0 everywhere; the average is
/// kept in exact fixed point so the gain is then exactly 1 and the audio comes out bit-identical,
/// only delayed by `latencyFrames`.
public struct TruePeakLimiter: Sendable {
    public let sampleRate: Double
    public let ceilingDBTP: Double

    private let ceiling: Float
    private let averageLength: Int
    private let holdLength: Int
    private let delayLength: Int
    private let releaseCoefficient: Double

    /// Extra hold beyond the look-ahead: the 12-tap interpolation span plus a little slack.
    static let guardFrames = 15
    /// Steps in one unit of gain in the moving average; 2^40 keeps sums of thousands of frames
    /// exact in Int64, so the average never drifts and unity stays exactly unity.
    static let fixedPointOne: Int64 = 1 << 40
    /// How many frames are sensed at a time; bounds the scratch buffers.
    static let chunkFrames = 256

    private var leftDetector = TruePeakDetector()
    private var rightDetector = TruePeakDetector()
    private var leftPeaks: [Float]
    private var rightPeaks: [Float]

    /// Monotonic deque of (frame, request) for the sliding minimum: requests increase from front
    /// to back, and the front is the minimum of the current window.
    private var dequeFrames: [Int]
    private var dequeRequests: [Float]
    private var dequeFront = 0
    private var dequeCount = 0
    private var frameCounter = 0

    private var releasedGain = 1.0
    private var averageRing: [Int64]
    private var averageSum: Int64
    private var averagePosition = 0

    private var leftDelay: [Float]
    private var rightDelay: [Float]
    private var delayPosition = 0

    public init(sampleRate: Double, ceilingDBTP: Double = -1.5,
                lookaheadSeconds: Double = 0.003, releaseSeconds: Double = 0.08) {
        precondition(sampleRate > 0 && lookaheadSeconds >= 0 && releaseSeconds > 0)
        self.sampleRate = sampleRate
        self.ceilingDBTP = ceilingDBTP
        ceiling = Float(Decibels.toAmplitude(ceilingDBTP))
        averageLength = max(1, Int((lookaheadSeconds * sampleRate).rounded()))
        holdLength = averageLength + Self.guardFrames
        // Samples feeding the points sensed at frame j are x[j−11 … j]; the average has settled
        // at or below j's request from frame j + averageLength − 1 until the hold ends, and this
        // delay centres those 12 samples inside that stretch.
        delayLength = averageLength + 12
        releaseCoefficient = 1 - exp(-1 / (releaseSeconds * sampleRate))

        leftPeaks = [Float](repeating: 0, count: Self.chunkFrames)
        rightPeaks = leftPeaks
        dequeFrames = [Int](repeating: 0, count: holdLength)
        dequeRequests = [Float](repeating: 1, count: holdLength)
        averageRing = [Int64](repeating: Self.fixedPointOne, count: averageLength)
        averageSum = Self.fixedPointOne * Int64(averageLength)
        leftDelay = [Float](repeating: 0, count: delayLength)
        rightDelay = leftDelay
    }

    /// How far the output lags the input, in frames; the master chain compensates for it.
    public var latencyFrames: Int { delayLength }

    /// Limits both channels in place. Output is the input of `latencyFrames` ago, scaled.
    public mutating func process(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>,
                                 frames: Int) {
        var done = 0
        while done < frames {
            let chunk = min(Self.chunkFrames, frames - done)
            processChunk(left: left + done, right: right + done, frames: chunk)
            done += chunk
        }
    }

    private mutating func processChunk(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>,
                                       frames: Int) {
        leftPeaks.withUnsafeMutableBufferPointer { peaks in
            leftDetector.interpolatedPeaks(of: left, frames: frames, into: peaks.baseAddress!)
        }
        rightPeaks.withUnsafeMutableBufferPointer { peaks in
            rightDetector.interpolatedPeaks(of: right, frames: frames, into: peaks.baseAddress!)
        }
        let unity = Double(Self.fixedPointOne) * Double(averageLength)
        for index in 0..<frames {
            let peak = max(leftPeaks[index], rightPeaks[index])
            // NaN or infinite input asks for silence rather than poisoning the gain forever.
            let request: Float = peak <= ceiling ? 1 : (peak.isFinite ? ceiling / peak : 0)
            let held = Double(slidingMinimum(adding: request))

            if held <= releasedGain {
                releasedGain = held
            } else {
                releasedGain += (held - releasedGain) * releaseCoefficient
                // The glide is asymptotic; snapping the last 1e-6 (a −120 dB step, then smoothed
                // by the average) lets gain return to exactly unity, about 14 time constants on.
                if held - releasedGain < 1e-6 { releasedGain = held }
            }

            // Floor, so that quantising can only lower the gain.
            let quantised = Int64(releasedGain * Double(Self.fixedPointOne))
            averageSum += quantised - averageRing[averagePosition]
            averageRing[averagePosition] = quantised
            averagePosition = averagePosition + 1 == averageLength ? 0 : averagePosition + 1
            let gain = Float(Double(averageSum) / unity)

            let delayedLeft = leftDelay[delayPosition]
            let delayedRight = rightDelay[delayPosition]
            leftDelay[delayPosition] = left[index]
            rightDelay[delayPosition] = right[index]
            delayPosition = delayPosition + 1 == delayLength ? 0 : delayPosition + 1

            left[index] = gain == 1 ? delayedLeft : delayedLeft * gain
            right[index] = gain == 1 ? delayedRight : delayedRight * gain
        }
    }

    /// Pushes this frame's request and returns the smallest request of the last `holdLength`
    /// frames. Each request enters and leaves the deque once, so the cost is O(1) amortised.
    private mutating func slidingMinimum(adding request: Float) -> Float {
        let frame = frameCounter
        frameCounter += 1
        // Drop the front once it has left the window (first, so the push below always fits).
        if dequeCount > 0 && dequeFrames[dequeFront] <= frame - holdLength {
            dequeFront = dequeFront + 1 == holdLength ? 0 : dequeFront + 1
            dequeCount -= 1
        }
        // Drop requests at the back that can never again be the minimum.
        while dequeCount > 0 {
            let back = (dequeFront + dequeCount - 1) % holdLength
            guard dequeRequests[back] >= request else { break }
            dequeCount -= 1
        }
        let slot = (dequeFront + dequeCount) % holdLength
        dequeFrames[slot] = frame
        dequeRequests[slot] = request
        dequeCount += 1
        return dequeRequests[dequeFront]
    }
}
