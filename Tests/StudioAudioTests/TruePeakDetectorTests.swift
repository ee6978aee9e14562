import Foundation
import StudioCore
import Testing
@testable import StudioAudio

@Suite struct TruePeakDetectorTests {
    /// EBU Tech 3341-style: a full-scale sine at fs/4 sampled 45° off its crests reads −3.01 dB on
    /// samples but must read about 0 dBTP (tolerance −0.4/+0.2 dB).
    @Test func quarterRateSineAt45Degrees() {
        let signal = TestSignals.sine(frequency: 12_000, amplitude: 1, frames: 4800, sampleRate: 48_000,
                                      phase: .pi / 4)
        let samplePeak = signal.map { abs($0) }.max()!
        let truePeak = Decibels.fromAmplitude(Double(TestSignals.truePeak(of: signal)))
        print("fs/4 at 45°: sample peak \(Decibels.fromAmplitude(Double(samplePeak))) dB, true peak \(truePeak) dBTP")
        #expect(abs(Decibels.fromAmplitude(Double(samplePeak)) - -3.01) < 0.01)
        #expect(truePeak >= -0.4 && truePeak <= 0.2)
    }

    @Test func fullScale997HzSine() {
        let signal = TestSignals.sine(frequency: 997, amplitude: 1, frames: 48_000, sampleRate: 48_000)
        let truePeak = Decibels.fromAmplitude(Double(TestSignals.truePeak(of: signal)))
        print("997 Hz full scale: \(truePeak) dBTP")
        #expect(abs(truePeak) <= 0.2)
    }

    /// `next` and `process` are the same measurement, and block boundaries do not matter.
    @Test func nextAgreesWithBlocks() {
        let signal = TestSignals.sine(frequency: 5_000, amplitude: 0.8, frames: 1000, sampleRate: 48_000, phase: 1)
        var single = TruePeakDetector()
        let viaNext = signal.map { single.next($0) }.max()!
        var blocks = TruePeakDetector()
        var viaBlocks: Float = 0
        signal.withUnsafeBufferPointer { buffer in
            var start = 0
            for size in [1, 7, 64, 300, 628] {
                viaBlocks = max(viaBlocks, blocks.process(buffer.baseAddress! + start, frames: size))
                start += size
            }
        }
        #expect(viaNext == viaBlocks)
    }

    /// A lone sample must never read lower than itself even though no branch passes it exactly.
    @Test func neverBelowSamplePeak() {
        var impulse = [Float](repeating: 0, count: 32)
        impulse[10] = -0.9
        #expect(TestSignals.truePeak(of: impulse) >= 0.9)
    }

    /// The published formula written out one frame at a time: each phase sums its 12 products
    /// oldest first, and the reading is the largest magnitude of the four phases and of x[n − 5].
    static func directReadings(of signal: [Float]) -> [Float] {
        let phases = TruePeakDetector.publishedCoefficients.map { Array($0.reversed()) }
        var history = [Float](repeating: 0, count: 12)
        return signal.map { x in
            history.removeFirst()
            history.append(x)
            var reading = abs(history[12 - 1 - TruePeakDetector.interpolationDelay])
            for coefficients in phases {
                var sum = coefficients[0] * history[0]
                for tap in 1..<12 { sum += coefficients[tap] * history[tap] }
                reading = max(reading, abs(sum))
            }
            return reading
        }
    }

    /// Four frames at a time along time, in any block sizes, is still the published formula,
    /// bit for bit.
    @Test func matchesDirectFormulaBitForBit() {
        var random = SeededRandom(seed: 5)
        let signal = (0..<3_000).map { index in
            Float(0.7 * sin(Double(index) * 0.9) + random.uniform(-0.3...0.3))
        }
        let direct = Self.directReadings(of: signal)
        for sizes in [[1], [3], [4], [5, 17, 1, 600], [511, 512, 513], [3_000]] {
            var detector = TruePeakDetector()
            var readings = [Float](repeating: -1, count: signal.count)
            var processed = TruePeakDetector()
            var peak: Float = 0
            signal.withUnsafeBufferPointer { input in
                readings.withUnsafeMutableBufferPointer { output in
                    var start = 0
                    var which = 0
                    while start < signal.count {
                        let size = min(sizes[which % sizes.count], signal.count - start)
                        detector.interpolatedPeaks(of: input.baseAddress! + start, frames: size,
                                                   into: output.baseAddress! + start)
                        peak = max(peak, processed.process(input.baseAddress! + start, frames: size))
                        start += size
                        which += 1
                    }
                }
            }
            #expect(readings == direct, "block sizes \(sizes)")
            #expect(peak == direct.max()!, "block sizes \(sizes)")
        }
    }
}

