import Foundation
import StudioCore
import StudioEngine

/// A job's render: the request, its output, and the hash of everything that decides the bytes,
/// which is also its key in the render cache (shared with `studio build`).
struct GenerationInputs: Sendable {
    let request: RenderRequest
    /// The track's primary (audio) format.
    let format: AudioFormat
    /// The files to write: the format asked for; for `mid`, the default MP3 to play and the
    /// score beside it (a MIDI file alone has nothing to measure, draw or stream).
    let formats: [AudioFormat]
    let stems: [Stem]
    let title: String
    let date: String
    let hash: String

    init(job: GenerationJob) {
        let params = job.params
        // Without a seed, one from the job id: the job renders the same again after a restart.
        let seed = params.seed ?? SHA256.hash(Array("seed:\(job.id)".utf8)).seed
        title = job.title ?? Self.title(from: job.prompt)
        request = RenderRequest(engineKey: job.engineKey, prompt: job.prompt, durationSeconds: job.durationSeconds,
                                bpm: params.bpm, key: params.key.flatMap { MusicalKey(parsing: $0) }, seed: seed, title: title)
        let asked = params.format ?? .mp3
        format = asked.isAudio ? asked : .mp3
        formats = asked.isAudio ? [asked] : [format, asked]
        stems = params.stems == true ? EngineCatalogue.stems(of: job.engineKey) : []
        date = Timestamp.day(job.createdAt)
        let version = (try? EngineCatalogue.engine(job.engineKey))?.descriptor.version ?? "?"
        let canonical = ["engine:\(job.engineKey)", "version:\(version)", "prompt:\(job.prompt)",
                         "duration:\(job.durationSeconds)", "bpm:\(params.bpm.map { String($0) } ?? "-")",
                         "key:\(request.key?.description ?? "-")", "seed:\(seed)", "format:\(asked.rawValue)",
                         "stems:\(stems.map(\.rawValue).joined(separator: ","))", "title:\(title)", "date:\(date)"]
        hash = SHA256.hash(Array(canonical.joined(separator: "\n").utf8)).hex
    }

    /// "late night lofi, rain" → "Late night lofi, rain" (at most 80 characters). A title is one
    /// line (`TextRules`), while a prompt may span several: runs of whitespace, line feeds and
    /// tabs included, become one space.
    static func title(from prompt: String) -> String {
        let trimmed = prompt.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard let first = trimmed.first else { return "Untitled" }
        let text = first.uppercased() + trimmed.dropFirst()
        return text.count > 80 ? String(text.prefix(79)) + "…" : text
    }
}
