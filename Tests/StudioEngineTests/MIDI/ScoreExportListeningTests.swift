import Foundation
import StudioAudio
import StudioCore
import Testing
@testable import StudioEngine

/// The exported MIDI file, played by our own MIDI player (`studio render --midi`), is
/// recognisably the piece the engine rendered: their chroma, window by window, follows the same
/// harmony, on other instruments (General MIDI's) — and a different piece does not: the engine's
/// render of another seed in the neighbouring key (E minor, one sharp away, sharing six of A
/// minor's seven notes) falls well short of the bound.
///
/// Another seed in the *same* key is measured and printed too, but not held to the bound: today
/// ambient-1's seeds share one progression per key (issue 14, item 2), so its chroma cannot
/// tell them apart (0.987 against 0.987 when this test was written).
@Suite(.serialized) struct ScoreExportListeningTests {
    /// Seconds per chroma window: about a bar at the engines' tempi, so each window holds one
    /// or two chords.
    static let window = 2.0
    static let duration = 16.0

    /// Mean cosine similarity of two signals' chroma profiles over the windows they share.
    static func chromaSimilarity(_ a: (left: [Float], right: [Float]), _ b: (left: [Float], right: [Float])) -> Double {
        let step = Int(window * 48_000)
        let frames = min(a.left.count, b.left.count, Int(duration * 48_000))
        var total = 0.0, count = 0
        var start = 0
        while start + step <= frames {
            let range = start..<(start + step)
            let x = ChromaAnalysis.chroma(left: Array(a.left[range]), right: Array(a.right[range]), sampleRate: 48_000)
            let y = ChromaAnalysis.chroma(left: Array(b.left[range]), right: Array(b.right[range]), sampleRate: 48_000)
            let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            let norms = (x.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }).squareRoot()
            if norms > 0 {
                total += dot / norms
                count += 1
            }
            start += step
        }
        return count > 0 ? total / Double(count) : 0
    }

    /// The MIDI export of `request`, played through the MIDI player with its effects.
    static func playedExport(_ request: RenderRequest) throws -> (left: [Float], right: [Float]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("studio-midi-play-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let midi = directory.appendingPathComponent("piece.mid"), audio = directory.appendingPathComponent("piece.wav")
        _ = try Renderer().exportMIDI(request, to: midi)
        _ = try MIDIRenderer.render(midi: midi, soundFontPath: nil, effects: true, title: nil,
                                    to: RenderOutput(mix: [(audio, .wavFloat)], date: "2026-01-01"),
                                    options: RenderOptions(threads: 2))
        return try AudioFileReader(url: audio).readAll()
    }

    @Test(arguments: ScoreExportSupport.engineKeys)
    func theExportPlayedBackIsRecognisablyThePiece(engineKey: String) throws {
        let request = ScoreExportSupport.request(engineKey, seed: 1, duration: Self.duration + 4, key: MusicalKey(tonic: 9, mode: .minor))
        var otherSeed = request
        otherSeed.seed = 2
        var otherPiece = otherSeed
        otherPiece.key = MusicalKey(tonic: 4, mode: .minor)
        let engine = try RenderedAudio.render(request)
        let played = try Self.playedExport(request)
        let same = Self.chromaSimilarity((engine.left, engine.right), played)
        let seedOnly = try RenderedAudio.render(otherSeed)
        let sameKey = Self.chromaSimilarity((seedOnly.left, seedOnly.right), played)
        let other = try RenderedAudio.render(otherPiece)
        let different = Self.chromaSimilarity((other.left, other.right), played)
        print("\(engineKey): chroma similarity of the played export to its own render \(String(format: "%.3f", same)), "
              + "to seed 2 in A minor \(String(format: "%.3f", sameKey)), to seed 2 in E minor \(String(format: "%.3f", different))")
        #expect(same >= 0.95, "\(engineKey): the played export should follow the engine's harmony (similarity \(same))")
        #expect(different < 0.95 && same - different >= 0.05,
                "\(engineKey): another piece should be further away (\(same) vs \(different))")
    }
}
