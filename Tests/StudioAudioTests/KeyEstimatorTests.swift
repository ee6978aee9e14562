import Foundation
import StudioCore
import Testing
@testable import StudioAudio

@Suite struct KeyEstimatorTests {
    static let sampleRate = 48_000.0

    static func frequency(midiNote: Int) -> Double { 440 * pow(2, Double(midiNote - 69) / 12) }

    /// I–IV–V–I in `key`, one second per chord: a sine-tone triad around middle C plus the chord's
    /// root two octaves down (so both tonic chords stand on a tonic bass note). Minor keys use
    /// the harmonic-minor V (major, with the raised leading tone).
    static func cadence(in key: MusicalKey) -> [Float] {
        let third = key.mode == .major ? 4 : 3
        let chords: [(root: Int, tones: [Int])] = [
            (0, [0, third, 7]),
            (5, [5, key.mode == .major ? 9 : 8, 12]),
            (7, [7, 11, 14]),
            (0, [0, third, 7]),
        ]
        let chordFrames = Int(sampleRate)
        let fade = Int(0.01 * sampleRate)
        var signal: [Float] = []
        signal.reserveCapacity(chordFrames * chords.count)
        for chord in chords {
            let tonicNote = 60 + key.tonic
            let partials = chord.tones.map { (frequency(midiNote: tonicNote + $0), 0.2) }
                + [(frequency(midiNote: tonicNote - 24 + chord.root), 0.3)]
            for frame in 0..<chordFrames {
                let time = Double(frame) / sampleRate
                let envelope = Double(min(1, Double(min(frame, chordFrames - 1 - frame)) / Double(fade)))
                let value = partials.reduce(0.0) { $0 + $1.1 * sin(2 * Double.pi * $1.0 * time) }
                signal.append(Float(envelope * value))
            }
        }
        return signal
    }

    @Test func cadencesInAll24Keys() {
        var misses: [String] = []
        for mode in [MusicalKey.Mode.major, .minor] {
            for tonic in 0..<12 {
                let key = MusicalKey(tonic: tonic, mode: mode)
                let signal = Self.cadence(in: key)
                let chroma = ChromaAnalysis.chroma(left: signal, right: signal, sampleRate: Self.sampleRate)
                let estimate = KeyEstimator.estimate(chroma: chroma)
                if estimate.key != key {
                    misses.append("\(key) → \(estimate.key) (r = \(estimate.correlation))")
                }
            }
        }
        print("key estimation: \(24 - misses.count)/24 correct; misses: \(misses)")
        #expect(misses.count <= 2, "\(misses)")
    }

    /// A pure C major scale in the chroma must give C major, and the ranking is complete and sorted.
    @Test func profileOfCMajorScale() {
        var chroma = [Double](repeating: 0, count: 12)
        for pitch in [0, 2, 4, 5, 7, 9, 11] { chroma[pitch] = 1 }
        chroma[0] = 2; chroma[7] = 1.5
        let estimate = KeyEstimator.estimate(chroma: chroma)
        #expect(estimate.key == MusicalKey(tonic: 0, mode: .major))
        #expect(estimate.ranking.count == 24)
        #expect(zip(estimate.ranking, estimate.ranking.dropFirst()).allSatisfy { $0.1 >= $1.1 })
        #expect(estimate.correlation == estimate.ranking[0].1)
    }

    @Test func chromaOfSingleTone() {
        // A4 = 440 Hz is pitch class 9; a 65.4 Hz C2 (bin width 5.9 Hz, wider than a semitone)
        // must still land on C thanks to peak interpolation.
        for (frequency, pitchClass) in [(440.0, 9), (65.406, 0), (69.296, 1), (1_975.5, 11)] {
            let tone = TestSignals.sine(frequency: frequency, amplitude: 0.5, frames: 48_000, sampleRate: 48_000)
            let chroma = ChromaAnalysis.chroma(left: tone, right: tone, sampleRate: 48_000)
            #expect(abs(chroma.reduce(0, +) - 1) < 1e-9)
            #expect(chroma.firstIndex(of: chroma.max()!) == pitchClass, "\(frequency) Hz → \(chroma)")
            #expect(chroma[pitchClass] > 0.8, "\(frequency) Hz → \(chroma)")
        }
        let silence = [Float](repeating: 0, count: 10_000)
        #expect(ChromaAnalysis.chroma(left: silence, right: silence, sampleRate: 48_000) == Array(repeating: 0, count: 12))
    }
}
