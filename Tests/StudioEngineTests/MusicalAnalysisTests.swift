import Foundation
import StudioAudio
import StudioCore
import Testing
@testable import StudioEngine

/// Listens to renders with the analysis tools: does the music keep the tempo and key it was asked
/// for, and does it have a shape?
@Suite(.serialized) struct MusicalAnalysisTests {
    static let rhythmicEngines = ["lofi-1", "pulse-1", "keys-1"]

    @Test(arguments: rhythmicEngines)
    func tempoMatchesTheRequest(engineKey: String) throws {
        var report: [String] = []
        for bpm in [70.0, 100, 128] {
            let audio = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "steady groove", durationSeconds: 60,
                                                               bpm: bpm, seed: 5))
            let measured = TempoEstimator.estimate(left: audio.left, right: audio.right, sampleRate: 48_000, range: 50...200)
            let candidates = [bpm, bpm / 2, bpm * 2]
            let error = candidates.map { abs(measured - $0) / $0 }.min()!
            report.append("\(Int(bpm)) → \(String(format: "%.2f", measured))")
            #expect(error <= 0.02, "\(engineKey) asked \(bpm) bpm, measured \(measured)")
        }
        print("tempo \(engineKey): \(report.joined(separator: ", "))")
    }

    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func keyMatchesTheRequest(engineKey: String) throws {
        for mode in MusicalKey.Mode.allCases {
            var hits = 0
            var misses: [String] = []
            for tonic in 0..<12 {
                let key = MusicalKey(tonic: tonic, mode: mode)
                let audio = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 40,
                                                                   key: key, seed: UInt64(tonic + 1)))
                let chroma = ChromaAnalysis.chroma(left: audio.left, right: audio.right, sampleRate: 48_000)
                let estimate = KeyEstimator.estimate(chroma: chroma)
                if estimate.key == key { hits += 1 } else { misses.append("\(key)→\(estimate.key)") }
            }
            print("key \(engineKey) \(mode): \(hits)/12 \(misses)")
            #expect(hits >= 10, "\(engineKey) \(mode): only \(hits)/12 keys detected; misses: \(misses)")
        }
    }

    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func threeMinutesHaveAnIntroAMiddleAndAnOutroThatFades(engineKey: String) throws {
        let audio = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 180, seed: 2))
        let intro = audio.rms(from: 0, to: 12)
        let middle = audio.rms(from: 60, to: 120)
        let outro = audio.rms(from: 168, to: 179)
        #expect(intro < middle * 0.85, "\(engineKey): intro \(intro) vs middle \(middle)")
        #expect(outro < middle * 0.85, "\(engineKey): outro \(outro) vs middle \(middle)")
        // The last second fades: each quarter quieter than the one before, ending near silence.
        let quarters = (0..<4).map { audio.rms(from: 179 + Double($0) * 0.25, to: 179 + Double($0 + 1) * 0.25) }
        #expect(zip(quarters, quarters.dropFirst()).allSatisfy { $1 < $0 }, "\(engineKey): last second \(quarters)")
        let lastMillis = audio.rms(from: 179.99, to: 180)
        #expect(lastMillis < 0.001, "\(engineKey): ends at RMS \(lastMillis), a cut rather than a fade")
    }
}
