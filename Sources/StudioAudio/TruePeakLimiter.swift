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
///   request in the window is held so the gain is already down for the whole look-ahead; a
///   block-wise running/suffix minimum (van Herk / Gil-Werman) finds it in O(1) per frame with
///   fixed storage and no data-dependent branches.
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
    static let chunkFrames = 512

    private var leftDetector = TruePeakDetector()
    private var rightDetector = TruePeakDetector()
    /// Scratch for one chunk: the left detector's readings become the requests, the right
    /// detector's readings become the gains.
    private var leftPeaks: [Float]
    private var rightPeaks: [Float]

    /// Sliding minimum, release and moving average: everything that has to run frame by frame.
    private var gainComputer: GainComputer

    /// Per channel, the last `delayLength` input samples oldest first, then room to stage a
    /// chunk behind them: output frame i of a chunk is `delay[i]` scaled by its gain.
    private var leftDelay: [Float]
    private var rightDelay: [Float]

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
        gainComputer = GainComputer(averageLength: averageLength, holdLength: holdLength,
                                    releaseCoefficient: releaseCoefficient)
        leftDelay = [Float](repeating: 0, count: delayLength + Self.chunkFrames)
        rightDelay = leftDelay
    }

    /// How far the output lags the input, in frames; the master chain compensates for it.
    public var latencyFrames: Int { delayLength }

    /// Limits both channels in place. Output is the input of `latencyFrames` ago, scaled.
    ///
    /// `ceilingScale`, when given, scales the ceiling frame by frame (input frames): a stream
    /// that a player will fade limits what the listener hears rather than the file's samples.
    public mutating func process(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>,
                                 frames: Int, ceilingScale: UnsafePointer<Float>? = nil) {
        var done = 0
        while done < frames {
            let chunk = min(Self.chunkFrames, frames - done)
            processChunk(left: left + done, right: right + done, frames: chunk, ceilingScale: ceilingScale.map { $0 + done })
            done += chunk
        }
    }

    /// Senses, turns readings into requests, runs the gain computer, then delays and scales — each
    /// stage a loop of its own over the chunk, so the only serial work is the gain computer.
    private mutating func processChunk(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>,
                                       frames: Int, ceilingScale: UnsafePointer<Float>?) {
        leftPeaks.withUnsafeMutableBufferPointer { requests in
            rightPeaks.withUnsafeMutableBufferPointer { gains in
                let requests = requests.baseAddress!, gains = gains.baseAddress!
                leftDetector.interpolatedPeaks(of: left, frames: frames, into: requests)
                rightDetector.interpolatedPeaks(of: right, frames: frames, into: gains)
                if let scale = ceilingScale {
                    Self.requests(left: requests, right: gains, frames: frames, ceiling: ceiling, scale: scale)
                } else {
                    Self.requests(left: requests, right: gains, frames: frames, ceiling: ceiling)
                }
                gainComputer.run(requests: requests, into: gains, frames: frames)
                leftDelay.withUnsafeMutableBufferPointer { line in
                    Self.delay(left, line: line.baseAddress!, length: delayLength, gains: gains, frames: frames)
                }
                rightDelay.withUnsafeMutableBufferPointer { line in
                    Self.delay(right, line: line.baseAddress!, length: delayLength, gains: gains, frames: frames)
                }
            }
        }
    }

    /// Overwrites `left` with each frame's request: 1 when its louder channel reading is under
    /// the ceiling, else ceiling / reading. NaN or infinite input (on either channel) asks for
    /// silence rather than poisoning the gain forever.
    private static func requests(left: UnsafeMutablePointer<Float>, right: UnsafePointer<Float>, frames: Int,
                                 ceiling: Float) {
        let ceilings = SIMD4<Float>(repeating: ceiling)
        @inline(__always) func requests(_ l: SIMD4<Float>, _ r: SIMD4<Float>) -> SIMD4<Float> {
            let peak = l.replacing(with: r, where: (l .< r) .| (r .!= r))
            let finite = peak .< .infinity // false for NaN as well
            var request = (ceilings / peak).replacing(with: 0, where: .!finite)
            request.replace(with: 1, where: peak .<= ceilings)
            return request
        }
        var index = 0
        while index + 4 <= frames {
            let l = UnsafeRawPointer(left + index).loadUnaligned(as: SIMD4<Float>.self)
            let r = UnsafeRawPointer(right + index).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(left + index).storeBytes(of: requests(l, r), as: SIMD4<Float>.self)
            index += 4
        }
        while index < frames {
            left[index] = requests(SIMD4(repeating: left[index]), SIMD4(repeating: right[index]))[0]
            index += 1
        }
    }

    /// `requests` against a ceiling scaled frame by frame: off the fast path, for a stream that
    /// a player will fade (see `process`). Same rules: 1 under the ceiling, else ceiling / peak,
    /// and silence for NaN or infinite input.
    private static func requests(left: UnsafeMutablePointer<Float>, right: UnsafePointer<Float>, frames: Int,
                                 ceiling: Float, scale: UnsafePointer<Float>) {
        for index in 0..<frames {
            let l = left[index], r = right[index]
            let peak = (l < r || r != r) ? r : l
            let limit = ceiling * scale[index]
            left[index] = !(peak < .infinity) ? 0 : (peak <= limit ? 1 : limit / peak)
        }
    }

    /// Stages a chunk behind the channel's delay line, writes the delayed samples back scaled by
    /// their gains, and keeps the newest `length` samples as the next chunk's delay line.
    private static func delay(_ samples: UnsafeMutablePointer<Float>, line: UnsafeMutablePointer<Float>, length: Int,
                              gains: UnsafePointer<Float>, frames: Int) {
        (line + length).update(from: samples, count: frames)
        // A gain of exactly 1 leaves a sample bit for bit unchanged.
        for index in 0..<frames { samples[index] = line[index] * gains[index] }
        // Reading ahead of writing, so a forward copy is safe.
        for index in 0..<length { line[index] = line[frames + index] }
    }
}

/// The serial part of the limiter: sliding minimum, release and moving average, one gain per
/// frame. State lives in locals for a chunk and is stored back once.
private struct GainComputer: Sendable {
    let averageLength: Int
    let holdLength: Int
    let releaseCoefficient: Double

    /// Sliding minimum without data-dependent branches (van Herk / Gil-Werman, causal form).
    /// Frames are cut into blocks of `holdLength`; the window ending at offset k of the current
    /// block is the current block up to k plus the previous block from k + 1 on. So it is the
    /// minimum of a running minimum of the current block and a suffix minimum of the previous
    /// one, which is computed in one backward sweep when that block completes. Minima are exact,
    /// so this returns the same values as any other way of taking them.
    private var block: [Float]
    /// `previousSuffix[j]` = min of the previous block from offset j on; `previousSuffix[holdLength]`
    /// (an empty suffix) and the whole array before the first block completes are +∞.
    private var previousSuffix: [Float]
    private var blockOffset = 0
    private var blockMinimum = Float.infinity

    private var releasedGain = 1.0
    private var averageRing: [Int64]
    private var averageSum: Int64
    private var averagePosition = 0

    init(averageLength: Int, holdLength: Int, releaseCoefficient: Double) {
        (self.averageLength, self.holdLength, self.releaseCoefficient) = (averageLength, holdLength, releaseCoefficient)
        block = [Float](repeating: .infinity, count: holdLength)
        previousSuffix = [Float](repeating: .infinity, count: holdLength + 1)
        averageRing = [Int64](repeating: TruePeakLimiter.fixedPointOne, count: averageLength)
        averageSum = TruePeakLimiter.fixedPointOne * Int64(averageLength)
    }

    mutating func run(requests: UnsafePointer<Float>, into gains: UnsafeMutablePointer<Float>, frames: Int) {
        let one = Double(TruePeakLimiter.fixedPointOne)
        let unity = one * Double(averageLength)
        let reciprocal = 1 / unity
        let (holdLength, averageLength, releaseCoefficient) = (holdLength, averageLength, releaseCoefficient)
        var (offset, minimum) = (blockOffset, blockMinimum)
        var (released, sum, position) = (releasedGain, averageSum, averagePosition)
        block.withUnsafeMutableBufferPointer { block in
            previousSuffix.withUnsafeMutableBufferPointer { suffix in
                averageRing.withUnsafeMutableBufferPointer { ring in
                    let block = block.baseAddress!, suffix = suffix.baseAddress!, ring = ring.baseAddress!
                    for index in 0..<frames {
                        // The smallest request of the last `holdLength` frames.
                        let request = requests[index]
                        block[offset] = request
                        minimum = min(minimum, request)
                        let held = Double(min(suffix[offset &+ 1], minimum))
                        offset &+= 1
                        if offset == holdLength {
                            var running = Float.infinity
                            var j = holdLength
                            while j > 0 {
                                j &-= 1
                                running = min(running, block[j])
                                suffix[j] = running
                            }
                            (offset, minimum) = (0, .infinity)
                        }

                        if held <= released {
                            released = held
                        } else {
                            released += (held - released) * releaseCoefficient
                            // The glide is asymptotic; snapping the last 1e-6 (a −120 dB step, then
                            // smoothed by the average) lets gain return to exactly unity, about 14
                            // time constants on. A (predicted) branch rather than a select keeps this
                            // rare test off the frame-to-frame dependency chain of `released`.
                            if _slowPath(held - released < 1e-6) { released = held }
                        }

                        // Floor, so that quantising can only lower the gain.
                        let quantised = Int64(released * one)
                        sum &+= quantised &- ring[position]
                        ring[position] = quantised
                        position = position &+ 1 == averageLength ? 0 : position &+ 1
                        gains[index] = Self.gain(sum: sum, unity: unity, reciprocal: reciprocal)
                    }
                }
            }
        }
        (blockOffset, blockMinimum) = (offset, minimum)
        (releasedGain, averageSum, averagePosition) = (released, sum, position)
    }

    /// `Float(Double(sum) / unity)`, bit for bit, without a division per frame: the product with
    /// the reciprocal is within 2 ulps (of Double) of the quotient, so it rounds to the same Float
    /// unless it lies within a few ulps of a point halfway between two Floats — one frame in
    /// ~10⁸ — and then the quotient is computed exactly. Gains are 0 or at least 2⁻⁴⁸, where
    /// Floats are normal and halfway points sit at the middle of Double's low 29 mantissa bits.
    @inline(__always)
    private static func gain(sum: Int64, unity: Double, reciprocal: Double) -> Float {
        let product = Double(sum) * reciprocal
        let belowFloat = Int64(bitPattern: product.bitPattern & 0x1FFF_FFFF)
        let fromHalfway = belowFloat &- 0x1000_0000
        if fromHalfway > 8 || fromHalfway < -8 { return Float(product) }
        return Float(Double(sum) / unity)
    }
}
