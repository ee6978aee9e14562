import Foundation
import StudioCore
import Testing
@testable import StudioAudio

@Suite struct TempoEstimatorTests {
    static let sampleRate = 48_000.0

    /// Adds a decaying hit at `time`: a pitch-dropping sine (kick) or seeded noise (hi-hat/click).
    static func addHit(to signal: inout [Float], at time: Double, kick: Bool, gain: Double,
                       random: inout SeededRandom) {
        let start = Int((time * sampleRate).rounded())
        let length = Int((kick ? 0.15 : 0.04) * sampleRate)
        var phase = 0.0
        for offset in 0..<length where start + offset < signal.count {
            let t = Double(offset) / sampleRate
            let value: Double
            if kick {
                phase += 2 * Double.pi * (50 + 100 * exp(-t * 40)) / sampleRate
                value = sin(phase) * exp(-t * 25)
            } else {
                value = random.uniform(-1...1) * exp(-t * 120)
            }
            signal[start + offset] += Float(gain * value)
        }
    }

    static func kickTrain(bpm: Double, seconds: Double, kick: Bool) -> [Float] {
        var random = SeededRandom(seed: UInt64(bpm))
        var signal = [Float](repeating: 0, count: Int(seconds * sampleRate))
        let beat = 60 / bpm
        var time = 0.05
        while time < seconds {
            addHit(to: &signal, at: time, kick: kick, gain: 0.8, random: &random)
            time += beat
        }
        return signal
    }

    @Test(arguments: [(70.0, true), (100.0, false), (128.0, true), (128.0, false), (70.0, false)])
    func steadyTrains(bpm: Double, kick: Bool) {
        let signal = Self.kickTrain(bpm: bpm, seconds: 20, kick: kick)
        let estimate = TempoEstimator.estimate(left: signal, right: signal, sampleRate: Self.sampleRate)
        let error = (estimate - bpm) / bpm * 100
        print("tempo \(bpm) bpm \(kick ? "kicks" : "clicks"): estimate \(estimate) (error \(error) %)")
        #expect(abs(error) <= 1)
    }

    /// Kicks on every beat, swung eighth-note hi-hats (on the beat and two thirds through it, the
    /// off-beat one accented): the estimate must be the beat, not the 150 bpm that the kick-to-hat
    /// distance also suggests.
    @Test func swungHiHatsOverKicks() {
        let bpm = 100.0
        let seconds = 20.0
        var random = SeededRandom(seed: 99)
        var signal = [Float](repeating: 0, count: Int(seconds * Self.sampleRate))
        let beat = 60 / bpm
        var time = 0.05
        while time < seconds {
            Self.addHit(to: &signal, at: time, kick: true, gain: 0.7, random: &random)
            Self.addHit(to: &signal, at: time, kick: false, gain: 0.2, random: &random)
            Self.addHit(to: &signal, at: time + beat * 2 / 3, kick: false, gain: 0.35, random: &random)
            time += beat
        }
        let estimate = TempoEstimator.estimate(left: signal, right: signal, sampleRate: Self.sampleRate)
        let error = (estimate - bpm) / bpm * 100
        print("tempo swung hats over kicks at \(bpm) bpm: estimate \(estimate) (error \(error) %)")
        #expect(abs(error) <= 1)
    }

    @Test func silenceGivesZero() {
        let silence = [Float](repeating: 0, count: 48_000 * 3)
        #expect(TempoEstimator.estimate(left: silence, right: silence, sampleRate: Self.sampleRate) == 0)
    }
}
