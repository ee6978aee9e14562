import Foundation
import StudioCore
import Testing
@testable import StudioAudio

/// Short-term loudness against EBU Tech 3341's cases for the 3 s window.
@Suite struct ShortTermLoudnessTests {
    /// Case 9: 1 kHz at −20 dBFS for 1.34 s then −30 dBFS for 1.66 s, five times over. Every 3 s
    /// window holds one period, so every reading is −23.0 ± 0.1 LUFS.
    @Test func case9AlternatingToneReadsConstantMinus23() {
        let rate = 48_000.0
        var signal: [Float] = []
        for _ in 0..<5 {
            for (dBFS, seconds) in [(-20.0, 1.34), (-30.0, 1.66)] {
                signal += TestSignals.sine(frequency: 1000, amplitude: Decibels.toAmplitude(dBFS),
                                           frames: Int((seconds * rate).rounded()), sampleRate: rate,
                                           startFrame: signal.count)
            }
        }
        let meter = ShortTermLoudness(left: signal, right: signal, sampleRate: rate)
        #expect(meter.windowCount == 121)
        // From 0.2 s on, once the K-weighting filters have settled.
        var readings: [Double] = []
        var t = 0.2
        while let lufs = meter.loudness(ofWindowStartingAt: t) {
            readings.append(lufs)
            t += 0.1
        }
        #expect(readings.count == 119)
        let worst = readings.map { abs($0 - -23) }.max() ?? .infinity
        print("Tech 3341 case 9: \(readings.min() ?? 0)…\(readings.max() ?? 0) LUFS")
        #expect(worst <= 0.1)
        #expect(meter.loudness(ofWindowStartingAt: 12.1) == nil && meter.loudness(ofWindowStartingAt: -0.1) == nil)
    }

    /// A window holding only the tone reads its level; one of silence reads below the −70 LUFS
    /// absolute gate (the filters' ringing leaves it a little above −∞).
    @Test func readsEachWindowOnItsOwn() {
        let rate = 48_000.0
        let tone = TestSignals.sine(frequency: 1000, amplitude: Decibels.toAmplitude(-18), frames: Int(4 * rate), sampleRate: rate)
        let signal = tone + [Float](repeating: 0, count: Int(4 * rate))
        let meter = ShortTermLoudness(left: signal, right: signal, sampleRate: rate)
        #expect(abs(meter.loudness(ofWindowStartingAt: 0.5)! - -18) <= 0.1)
        #expect(meter.loudness(ofWindowStartingAt: 5)! < -70)
    }
}
