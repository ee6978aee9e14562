import Foundation
import StudioCore
import StudioMIDI

/// What exporting a piece's score alone (`studio render -o piece.mid`) composed and wrote: the
/// render report's musical half, with no audio measurements because nothing was synthesised.
public struct MIDIExportReport: Sendable, Codable {
    public var engineKey: String
    public var engineVersion: String
    public var interpretation: PromptInterpretation
    public var durationSeconds: Double
    public var bpm: Double
    public var key: String
    public var seed: UInt64
    public var sections: [String]
    public var noteCount: Int
    /// Tracks in the file: the conductor track and one per part.
    public var tracks: Int
    public var parts: [String]
    public var sizeBytes: Int
    public var licence: LicenceTerms

    enum CodingKeys: String, CodingKey {
        case engineKey = "engine_key", engineVersion = "engine_version", interpretation
        case durationSeconds = "duration_seconds", bpm, key, seed, sections, noteCount = "note_count", tracks, parts
        case sizeBytes = "size_bytes", licence
    }
}

extension Renderer {
    /// Composes `request` and writes its score to `url` as a Standard MIDI File, synthesising
    /// nothing: the same score, and so the same notes, that `render` would play.
    public func exportMIDI(_ request: RenderRequest, to url: URL) throws -> MIDIExportReport {
        let (descriptor, interpretation, score, metadata) = try compose(request)
        let size = try Self.writeMIDI(score: score, metadata: metadata, to: url)
        return MIDIExportReport(
            engineKey: descriptor.engineKey, engineVersion: descriptor.version, interpretation: interpretation,
            durationSeconds: score.duration, bpm: score.tempo, key: score.key.description, seed: request.seed,
            sections: score.form.sections.map { "\($0.kind.rawValue)×\($0.bars)" }, noteCount: score.noteCount,
            tracks: score.parts.count + 1, parts: score.parts.map(\.name), sizeBytes: size, licence: descriptor.licence)
    }

    /// The score of a piece as MIDI file bytes, for callers that compose themselves (tests, tools).
    public static func midiBytes(for request: RenderRequest) throws -> [UInt8] {
        let (_, _, score, metadata) = try Renderer().compose(request)
        return ScoreMIDIExport.file(for: score, metadata: metadata).bytes
    }

    /// Writes the score's MIDI file to `url`; returns its size in bytes.
    @discardableResult
    static func writeMIDI(score: Score, metadata: ScoreMetadata, to url: URL) throws -> Int {
        let bytes = ScoreMIDIExport.file(for: score, metadata: metadata).bytes
        do { try Data(bytes).write(to: url) } catch {
            throw RenderError.io("cannot write \(url.path): \(error.localizedDescription)")
        }
        return bytes.count
    }
}
