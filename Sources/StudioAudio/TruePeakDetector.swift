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
/// Work is done four output frames at a time with the SIMD lanes running along time: each lane
/// evaluates every phase with exactly the products and the order of additions of the
/// one-frame-at-a-time formula, so readings do not depend on how a stream is cut into blocks.
/// State is a fixed line of history plus staging room for one chunk, so copying a detector copies
/// its state and per-block processing never allocates.
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

    /// The four phases' coefficients for each tap, side by side (one SIMD4 per tap).
    static let coefficientsByTap: [SIMD4<Float>] = (0..<tapsPerPhase).map { tap in
        SIMD4((0..<phaseCount).map { phase in oldestFirstCoefficients[phase * tapsPerPhase + tap] })
    }

    /// `oldestFirstCoefficients` with each coefficient repeated across the four lanes, indexed
    /// `phase * tapsPerPhase + tap`: the multiplier of one tap for four consecutive frames.
    static let coefficientsAcrossTime: [SIMD4<Float>] = oldestFirstCoefficients.map { SIMD4(repeating: $0) }

    /// Samples of the past that a new frame still needs.
    static let historyLength = tapsPerPhase - 1
    /// Frames staged at a time; bounds the line below.
    static let chunkFrames = 512

    /// `line[0 ..< historyLength]` holds the last samples seen, oldest first; a chunk of input is
    /// staged right after them so that every frame's 12 samples are contiguous, and 3 floats of
    /// slack let the last group of four frames be read whole (its extra lanes are discarded).
    private var line: [Float]

    public init() {
        line = [Float](repeating: 0, count: Self.historyLength + Self.chunkFrames + 3)
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
        var running = SIMD4<Float>(repeating: 0)
        var tail: Float = 0
        Self.coefficientsAcrossTime.withUnsafeBufferPointer { table in
            let c = table.baseAddress!
            staged(samples, frames: frames) { line, count in
                var index = 0
                while index + 4 <= count {
                    let peaks = Self.peaks(ofFourFramesFrom: line + index, coefficients: c)
                    // Compared this way round a NaN point is skipped, as `max(peak, point)` did.
                    running = running.replacing(with: peaks, where: running .< peaks)
                    index += 4
                }
                if index < count {
                    let peaks = Self.peaks(ofFourFramesFrom: line + index, coefficients: c)
                    for lane in 0..<(count - index) where tail < peaks[lane] { tail = peaks[lane] }
                }
            }
        }
        var peak = tail
        for lane in 0..<4 where peak < running[lane] { peak = running[lane] }
        return peak
    }

    /// One value per input frame, as `next(_:)` would return it; the limiter turns these into gains.
    mutating func interpolatedPeaks(of samples: UnsafePointer<Float>, frames: Int,
                                    into peaks: UnsafeMutablePointer<Float>) {
        Self.coefficientsAcrossTime.withUnsafeBufferPointer { table in
            let c = table.baseAddress!
            var written = 0
            staged(samples, frames: frames) { line, count in
                var index = 0
                while index + 4 <= count {
                    UnsafeMutableRawPointer(peaks + written + index).storeBytes(
                        of: Self.peaks(ofFourFramesFrom: line + index, coefficients: c), as: SIMD4<Float>.self)
                    index += 4
                }
                if index < count {
                    let four = Self.peaks(ofFourFramesFrom: line + index, coefficients: c)
                    for lane in 0..<(count - index) { peaks[written + index + lane] = four[lane] }
                }
                written += count
            }
        }
    }

    /// Copies the input behind the history a chunk at a time and hands `body` the line and the
    /// number of frames staged; frame `i` of the chunk ends at `line[i + historyLength]`.
    @inline(__always)
    private mutating func staged(_ samples: UnsafePointer<Float>, frames: Int,
                                 _ body: (UnsafePointer<Float>, Int) -> Void) {
        line.withUnsafeMutableBufferPointer { buffer in
            let line = buffer.baseAddress!
            let history = Self.historyLength
            var done = 0
            while done < frames {
                let count = min(Self.chunkFrames, frames - done)
                (line + history).update(from: samples + done, count: count)
                body(line, count)
                // The newest samples become the history; reading ahead of writing, so a forward copy is safe.
                for index in 0..<history { line[index] = line[count + index] }
                done += count
            }
        }
    }

    /// The peak reading of four consecutive frames, lane j for the frame whose oldest sample is
    /// `x[j]`: for each phase, Σ c[tap]·x[j + tap] summed tap 0 → 11 in that order, then the
    /// largest magnitude of the four phases and of the closing original sample. A NaN original
    /// sample gives NaN (the limiter turns it into silence); a NaN sum is skipped like before.
    @inline(__always)
    private static func peaks(ofFourFramesFrom x: UnsafePointer<Float>,
                              coefficients c: UnsafePointer<SIMD4<Float>>) -> SIMD4<Float> {
        let raw = UnsafeRawPointer(x)
        let taps = tapsPerPhase
        @inline(__always) func window(_ tap: Int) -> SIMD4<Float> {
            raw.loadUnaligned(fromByteOffset: tap * MemoryLayout<Float>.stride, as: SIMD4<Float>.self)
        }
        let first = window(0)
        var y0 = c[0] * first, y1 = c[taps] * first
        var y2 = c[2 * taps] * first, y3 = c[3 * taps] * first
        @inline(__always) func add(_ tap: Int) {
            let w = window(tap)
            y0 += c[tap] * w
            y1 += c[taps + tap] * w
            y2 += c[2 * taps + tap] * w
            y3 += c[3 * taps + tap] * w
        }
        add(1); add(2); add(3); add(4); add(5); add(6)
        add(7); add(8); add(9); add(10); add(11)
        var peak = magnitude(window(taps - 1 - interpolationDelay))
        @inline(__always) func include(_ phase: SIMD4<Float>) {
            let m = magnitude(phase)
            peak = peak.replacing(with: m, where: peak .< m)
        }
        include(y0); include(y1); include(y2); include(y3)
        return peak
    }

    /// Lane-wise |v| by clearing the sign bits: one AND, where `pointwiseMax(v, -v)` was an
    /// out-of-line generic call.
    @inline(__always)
    private static func magnitude(_ v: SIMD4<Float>) -> SIMD4<Float> {
        unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt32>.self) & SIMD4(repeating: 0x7FFF_FFFF), to: SIMD4<Float>.self)
    }
}
