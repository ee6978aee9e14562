import Foundation
import StudioCore
import Testing
@testable import StudioAudio

@Suite struct TruePeakLimiterTests {
    static let sampleRate = 48_000.0
    static let ceilingDBTP = -1.5

    /// Runs a limiter over a stereo pair in blocks of the given sizes (cycled).
    static func limit(_ left: [Float], _ right: [Float], blockSizes: [Int] = [512],
                      limiter: TruePeakLimiter = TruePeakLimiter(sampleRate: sampleRate, ceilingDBTP: ceilingDBTP))
        -> (left: [Float], right: [Float]) {
        var limiter = limiter
        var (outLeft, outRight) = (left, right)
        outLeft.withUnsafeMutableBufferPointer { l in
            outRight.withUnsafeMutableBufferPointer { r in
                var start = 0
                var which = 0
                while start < l.count {
                    let size = min(blockSizes[which % blockSizes.count], l.count - start)
                    limiter.process(left: l.baseAddress! + start, right: r.baseAddress! + start, frames: size)
                    start += size
                    which += 1
                }
            }
        }
        return (outLeft, outRight)
    }

    static func truePeakDB(_ left: [Float], _ right: [Float]) -> Double {
        Decibels.fromAmplitude(Double(max(TestSignals.truePeak(of: left), TestSignals.truePeak(of: right))))
    }

    /// Uniform white noise whose sample peak is `peakDB`, in bursts with silent gaps so that
    /// attacks out of silence are exercised as well as sustained limiting.
    static func noise(seed: UInt64, frames: Int, peakDB: Double, bursty: Bool) -> [Float] {
        var random = SeededRandom(seed: seed)
        let amplitude = Decibels.toAmplitude(peakDB)
        return (0..<frames).map { index in
            let gate: Double = bursty && (index / 7_000) % 3 == 2 ? 0.02 : 1
            return Float(random.uniform(-1...1) * amplitude * gate)
        }
    }

    /// Band-limited-ish squares with Gibbs overshoot: the classic source of inter-sample overs.
    static func square(frequency: Double, frames: Int, peakDB: Double, phase: Double) -> [Float] {
        let amplitude = Decibels.toAmplitude(peakDB)
        return (0..<frames).map { index in
            let cycle = (frequency * Double(index) / sampleRate + phase).truncatingRemainder(dividingBy: 1)
            return Float(cycle < 0.5 ? amplitude : -amplitude)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func loudNoiseStaysUnderCeiling(seed: UInt64) {
        let frames = 48_000
        let left = Self.noise(seed: seed, frames: frames, peakDB: Self.ceilingDBTP + 12, bursty: seed != 1)
        let right = Self.noise(seed: seed &+ 100, frames: frames, peakDB: Self.ceilingDBTP + 12, bursty: false)
        let inputPeak = Self.truePeakDB(left, right)
        let (outLeft, outRight) = Self.limit(left, right)
        let outputPeak = Self.truePeakDB(outLeft, outRight)
        print("limiter noise seed \(seed): input \(inputPeak) dBTP → output \(outputPeak) dBTP")
        #expect(outputPeak <= Self.ceilingDBTP + 0.05)
        #expect(outputPeak >= Self.ceilingDBTP - 1, "limiting, not muting")
    }

    @Test(arguments: [997.0, 3_001.0, 11_025.0])
    func loudSquaresStayUnderCeiling(frequency: Double) {
        let frames = 24_000
        let left = Self.square(frequency: frequency, frames: frames, peakDB: Self.ceilingDBTP + 12, phase: 0.13)
        let right = Self.square(frequency: frequency * 1.01, frames: frames, peakDB: Self.ceilingDBTP + 6, phase: 0.6)
        let inputPeak = Self.truePeakDB(left, right)
        let (outLeft, outRight) = Self.limit(left, right)
        let outputPeak = Self.truePeakDB(outLeft, outRight)
        print("limiter square \(frequency) Hz: input \(inputPeak) dBTP → output \(outputPeak) dBTP")
        #expect(outputPeak <= Self.ceilingDBTP + 0.05)
    }

    /// Material whose true peak is under the ceiling passes bit for bit, only delayed.
    @Test func quietSignalPassesUnchanged() {
        let frames = 24_000
        var random = SeededRandom(seed: 7)
        let left = TestSignals.sine(frequency: 440, amplitude: 0.5, frames: frames, sampleRate: Self.sampleRate)
            .map { $0 + Float(random.uniform(-0.05...0.05)) }
        let right = TestSignals.sine(frequency: 660, amplitude: 0.6, frames: frames, sampleRate: Self.sampleRate)
        #expect(Self.truePeakDB(left, right) < Self.ceilingDBTP)
        let limiter = TruePeakLimiter(sampleRate: Self.sampleRate, ceilingDBTP: Self.ceilingDBTP)
        let latency = limiter.latencyFrames
        let (outLeft, outRight) = Self.limit(left, right, limiter: limiter)
        #expect(outLeft[..<latency].allSatisfy { $0 == 0 })
        let leftSame = Array(outLeft[latency...]) == Array(left[..<(frames - latency)])
        let rightSame = Array(outRight[latency...]) == Array(right[..<(frames - latency)])
        #expect(leftSame && rightSame)
    }

    @Test func blockSizeDoesNotChangeOutput() {
        let frames = 20_000
        let left = Self.noise(seed: 11, frames: frames, peakDB: 3, bursty: true)
        let right = Self.square(frequency: 440, frames: frames, peakDB: 0, phase: 0.2)
        let reference = Self.limit(left, right, blockSizes: [frames])
        for sizes in [[1], [64], [7, 300, 1, 4096], [255, 256, 257], [511, 512, 513], [158, 159, 160]] {
            let other = Self.limit(left, right, blockSizes: sizes)
            let same = other.left == reference.left && other.right == reference.right
            #expect(same, "block sizes \(sizes)")
        }
    }

    /// After a loud burst the gain returns to exactly unity, so later quiet material is untouched.
    @Test func releaseReturnsToUnity() {
        let frames = 96_000
        let quietStart = 80_000 // 1.6 s after the burst: 20 release time constants
        var left = [Float](repeating: 0, count: frames)
        for index in 1_000..<1_480 { left[index] = 1.5 * Float(sin(Double(index) * 0.3)) }
        for index in quietStart..<frames { left[index] = 0.3 * Float(sin(Double(index) * 0.05)) }
        let (out, _) = Self.limit(left, left)
        let latency = TruePeakLimiter(sampleRate: Self.sampleRate).latencyFrames
        #expect(Self.truePeakDB(out, out) <= Self.ceilingDBTP + 0.05)
        let same = Array(out[(quietStart + latency)...]) == Array(left[quietStart..<(frames - latency)])
        #expect(same)
    }

    @Test func latencyIsLookaheadPlusInterpolationGuard() {
        let limiter = TruePeakLimiter(sampleRate: 48_000, lookaheadSeconds: 0.003)
        #expect(limiter.latencyFrames == 144 + 12)
    }

    /// The limiter as its documentation describes it, one frame at a time and without any of the
    /// streaming machinery: window minimum by scanning the window, release, exact fixed-point
    /// average, gain by division, a plain delay line.
    static func directlyLimited(_ left: [Float], _ right: [Float]) -> (left: [Float], right: [Float]) {
        let ceiling = Float(Decibels.toAmplitude(ceilingDBTP))
        let averageLength = Int((0.003 * sampleRate).rounded())
        let holdLength = averageLength + TruePeakLimiter.guardFrames
        let delayLength = averageLength + 12
        let releaseCoefficient = 1 - exp(-1 / (0.08 * sampleRate))
        let one = TruePeakLimiter.fixedPointOne
        var (leftDetector, rightDetector) = (TruePeakDetector(), TruePeakDetector())
        var requests: [Float] = []
        var released = 1.0
        var average = [Int64](repeating: one, count: averageLength)
        var delayed = (left: [Float](repeating: 0, count: delayLength), right: [Float](repeating: 0, count: delayLength))
        var output = (left: [Float](), right: [Float]())
        for frame in left.indices {
            let peak = max(leftDetector.next(left[frame]), rightDetector.next(right[frame]))
            requests.append(peak <= ceiling ? 1 : ceiling / peak)
            let held = Double(requests[max(0, frame - holdLength + 1)...].min()!)
            if held <= released {
                released = held
            } else {
                released += (held - released) * releaseCoefficient
                if held - released < 1e-6 { released = held }
            }
            average[frame % averageLength] = Int64(released * Double(one))
            let gain = Float(Double(average.reduce(0, +)) / (Double(one) * Double(averageLength)))
            delayed.left.append(left[frame])
            delayed.right.append(right[frame])
            output.left.append(delayed.left[frame] * gain)
            output.right.append(delayed.right[frame] * gain)
        }
        return output
    }

    /// The streaming limiter (block-wise minimum, gain without a division per frame, chunked
    /// stages) produces exactly what the direct formulation does.
    @Test func matchesDirectFormulationBitForBit() {
        let frames = 12_000
        let left = Self.noise(seed: 21, frames: frames, peakDB: 4, bursty: true)
        let right = Self.square(frequency: 3_001, frames: frames, peakDB: 2, phase: 0.3)
        let streamed = Self.limit(left, right, blockSizes: [300, 1, 777])
        let direct = Self.directlyLimited(left, right)
        #expect(streamed.left == direct.left)
        #expect(streamed.right == direct.right)
    }

    /// A NaN on either channel asks for silence around it; the other channel's output is then the
    /// same whichever side the NaN was on.
    @Test func nonFiniteInputOnEitherChannelSilences() {
        let frames = 4_000
        let tone = TestSignals.sine(frequency: 440, amplitude: 0.5, frames: frames, sampleRate: Self.sampleRate)
        var withNaN = tone
        withNaN[1_000] = .nan
        let nanLeft = Self.limit(withNaN, tone)
        let nanRight = Self.limit(tone, withNaN)
        #expect(nanLeft.right == nanRight.left)
        let latency = TruePeakLimiter(sampleRate: Self.sampleRate).latencyFrames
        #expect(nanLeft.right[(1_000 + latency - 5)...(1_000 + latency + 5)].allSatisfy { $0 == 0 })
        #expect(nanLeft.right.allSatisfy { $0.isFinite })
    }
}


/// The ceiling scaled frame by frame, as a focus segment's master uses it: what a player's fade
/// lets through is limited, not the file's samples.
@Suite struct TruePeakLimiterCeilingScaleTests {
    /// Noise at +6 dBTP; the first half with the ceiling at 1×, the second at 0.5× (−6 dB).
    /// Each half comes out at its own ceiling, and a scale of exactly 1 changes nothing.
    @Test func eachFrameMeetsItsOwnCeiling() {
        let rate = TruePeakLimiterTests.sampleRate, frames = 48_000
        let left = TruePeakLimiterTests.noise(seed: 9, frames: frames, peakDB: 6, bursty: false)
        let right = TruePeakLimiterTests.noise(seed: 10, frames: frames, peakDB: 6, bursty: false)
        var scale = [Float](repeating: 1, count: frames)
        for i in (frames / 2)..<frames { scale[i] = 0.5 }
        var limiter = TruePeakLimiter(sampleRate: rate, ceilingDBTP: -1.5)
        var (l, r) = (left, right)
        l.withUnsafeMutableBufferPointer { lp in
            r.withUnsafeMutableBufferPointer { rp in
                scale.withUnsafeBufferPointer { sp in
                    var start = 0
                    while start < frames {
                        let size = min(700, frames - start)
                        limiter.process(left: lp.baseAddress! + start, right: rp.baseAddress! + start, frames: size,
                                        ceilingScale: sp.baseAddress! + start)
                        start += size
                    }
                }
            }
        }
        // The output lags by the latency; leave the switch-over's neighbourhood out.
        let lag = limiter.latencyFrames, margin = 2_000
        let first = (lag + margin)..<(frames / 2 + lag - margin), second = (frames / 2 + lag + margin)..<frames
        let loud = TruePeakLimiterTests.truePeakDB(Array(l[first]), Array(r[first]))
        let soft = TruePeakLimiterTests.truePeakDB(Array(l[second]), Array(r[second]))
        #expect(loud <= -1.5 + 0.01 && loud > -2.5, "first half \(loud) dBTP")
        #expect(soft <= -7.52 + 0.01 && soft > -8.5, "second half \(soft) dBTP")

        let ones = [Float](repeating: 1, count: frames)
        var plain = TruePeakLimiter(sampleRate: rate, ceilingDBTP: -1.5), scaled = plain
        var (a, b) = (left, right), (c, d) = (left, right)
        a.withUnsafeMutableBufferPointer { ap in b.withUnsafeMutableBufferPointer { bp in
            plain.process(left: ap.baseAddress!, right: bp.baseAddress!, frames: frames)
        } }
        c.withUnsafeMutableBufferPointer { cp in d.withUnsafeMutableBufferPointer { dp in ones.withUnsafeBufferPointer { op in
            scaled.process(left: cp.baseAddress!, right: dp.baseAddress!, frames: frames, ceilingScale: op.baseAddress!)
        } } }
        #expect(a == c && b == d, "a ceiling scale of 1 must limit exactly as none")
    }
}
