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
        for sizes in [[1], [64], [7, 300, 1, 4096], [255, 256, 257]] {
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
}
