import Foundation
import StudioAudio
import StudioCore
import Testing
@testable import StudioEngine

@Suite struct RenderQualityTests {
    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func mastersToTargetLoudnessWithHeadroom(engineKey: String) throws {
        let audio = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 45, seed: 4))
        #expect(audio.left.count == 45 * 48_000)
        var meter = LoudnessMeter(sampleRate: 48_000)
        meter.process(left: audio.left, right: audio.right)
        #expect(abs(meter.integratedLoudness - Renderer.targetLoudness) <= 0.5, "\(engineKey): \(meter.integratedLoudness) LUFS")
        #expect(meter.truePeakDBTP <= -1.0, "\(engineKey): \(meter.truePeakDBTP) dBTP")
        #expect(audio.left.allSatisfy { $0.isFinite } && audio.right.allSatisfy { $0.isFinite })
        let dc = (audio.left.reduce(0.0) { $0 + Double($1) } + audio.right.reduce(0.0) { $0 + Double($1) }) / Double(2 * audio.left.count)
        #expect(abs(dc) < 0.001)
        #expect(abs(audio.report.loudnessLUFS - meter.integratedLoudness) < 0.05, "the report tells the truth")
    }

    @Test func sameSeedIsBitIdenticalWithOneOrTwoThreads() throws {
        let request = RenderRequest(engineKey: "lofi-1", prompt: "late night lofi, 84 bpm, A minor", durationSeconds: 20, seed: 77)
        let one = try RenderedAudio.render(request, format: .wav, threads: 1, keepFile: true)
        let two = try RenderedAudio.render(request, format: .wav, threads: 2, keepFile: true)
        defer {
            try? FileManager.default.removeItem(at: one.url.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: two.url.deletingLastPathComponent())
        }
        let a = try Data(contentsOf: one.url), b = try Data(contentsOf: two.url)
        #expect(a.count > 1_000_000)
        #expect(a == b, "renders with 1 and 2 threads differ")
    }

    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func differentSeedsGiveDifferentPieces(engineKey: String) throws {
        let a = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 20, seed: 1))
        let b = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 20, seed: 2))
        let r = correlation(a, b)
        #expect(abs(r) < 0.3, "\(engineKey): seeds 1 and 2 correlate at \(r)")
    }

    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func licenceTravelsInTheFileTags(engineKey: String) throws {
        let descriptor = try EngineCatalogue.engine(engineKey).descriptor
        for format in [AudioFormat.flac, .wav, .mp3, .ogg, .opus] {
            let audio = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 3, seed: 1),
                                                 format: format, keepFile: true)
            defer { try? FileManager.default.removeItem(at: audio.url.deletingLastPathComponent()) }
            let reader = try AudioFileReader(url: audio.url)
            let comment = reader.string(.comment) ?? ""
            #expect(comment.contains(descriptor.licenceClass.rawValue), "\(engineKey) \(format): comment '\(comment)'")
            #expect(comment.contains(descriptor.commercialUse ? "commercial use: yes" : "commercial use: no"))
            if let attribution = descriptor.licence.attribution { #expect(comment.contains(attribution)) }
        }
    }

    @Test func askingForStemsDoesNotChangeTheMix() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stems-mix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let request = RenderRequest(engineKey: "pulse-1", prompt: "energetic", durationSeconds: 10, seed: 9)
        let plain = directory.appendingPathComponent("plain.wav"), withStems = directory.appendingPathComponent("mix.wav")
        _ = try Renderer().render(request, to: RenderOutput(mix: [(plain, .wav)], date: "2026-01-01"))
        _ = try Renderer().render(request, to: RenderOutput(
            mix: [(withStems, .wav)], stems: [.drums: directory.appendingPathComponent("drums.wav")], date: "2026-01-01"))
        #expect(try Data(contentsOf: plain) == Data(contentsOf: withStems))
    }

    @Test func stemsAddUpToTheMixBeforeTheLimiter() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stems-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var stems: [Stem: URL] = [:]
        for stem in Stem.allCases { stems[stem] = directory.appendingPathComponent("\(stem.rawValue).wav") }
        let mix = directory.appendingPathComponent("mix.wav")
        var output = RenderOutput(mix: [(mix, .wavFloat)], stems: stems, date: "2026-01-01")
        output.limitsMix = false
        let report = try Renderer().render(
            RenderRequest(engineKey: "lofi-1", prompt: "quiet lofi", durationSeconds: 12, seed: 3), to: output)
        #expect(Set(report.stems) == ["drums", "bass", "harmony", "melody", "texture", "ambience"])
        let stemGain = try #require(report.stemGainDB)
        let (ml, mr) = try AudioFileReader(url: mix).readAll()
        var sumL = [Float](repeating: 0, count: ml.count), sumR = sumL
        for name in report.stems {
            let reader = try AudioFileReader(url: directory.appendingPathComponent("\(name).wav"))
            let (l, r) = try reader.readAll()
            #expect(l.count == ml.count)
            #expect(!(l + r).contains { abs($0) >= 1 }, "\(name) stem clips")
            for i in 0..<min(l.count, ml.count) {
                sumL[i] += l[i]
                sumR[i] += r[i]
            }
        }
        // 16-bit stems, scaled back to the mix's gain, against the float mix without its limiter.
        let scale = Float(Decibels.toAmplitude(report.masterGainDB - stemGain))
        var error = 0.0, energy = 0.0
        for i in 0..<ml.count {
            let dl = sumL[i] * scale - ml[i], dr = sumR[i] * scale - mr[i]
            error += Double(dl * dl + dr * dr)
            energy += Double(ml[i] * ml[i] + mr[i] * mr[i])
        }
        let db = 10 * log10(error / energy)
        #expect(db < -40, "stems differ from the mix by \(db) dB")
    }
}
