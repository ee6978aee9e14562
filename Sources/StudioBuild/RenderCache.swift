import Foundation
import StudioCore
import StudioEngine

/// Rendered audio and its measurements, stored by the hash of the render's inputs
/// (`renders/<hash>/`), so that an unchanged track is never rendered twice — by this machine or
/// by any other sharing the directory.
///
/// An entry appears atomically: it is rendered into a temporary directory beside it and renamed
/// into place, so a reader sees a whole entry or none, and a render that dies leaves only a
/// temporary directory that the next build ignores.
public struct RenderCache: Sendable {
    public let directory: URL
    static let reportName = "render.json"

    public struct Entry: Sendable {
        public let hash: String
        public let report: RenderReport
        /// Paths relative to the cache directory's parent-independent root: `<hash>/<file>`.
        public let files: [TrackFile]
    }

    public init(directory: URL) {
        self.directory = directory
    }

    public func entry(_ hash: String) -> Entry? {
        let folder = directory.appendingPathComponent(hash)
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(Self.reportName)),
              let stored = try? JSONDecoder().decode(StoredEntry.self, from: data) else { return nil }
        return Entry(hash: hash, report: stored.report, files: stored.files.map(\.trackFile))
    }

    /// Renders `request` into the entry for `hash` and returns it.
    public func render(_ request: RenderRequest, hash: String, formats: [AudioFormat], stems: [Stem], date: String,
                options: RenderOptions) throws -> Entry {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(hash).\(UUID().uuidString).partial")
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: temporary) }

        let mixNames = formats.map { ($0, "mix-\($0.rawValue).\($0.fileExtension)") }
        let stemNames = stems.map { ($0, "stem-\($0.rawValue).flac") }
        var output = RenderOutput(mix: mixNames.map { (temporary.appendingPathComponent($1), $0) },
                                  stems: Dictionary(uniqueKeysWithValues: stemNames.map { ($0, temporary.appendingPathComponent($1)) }),
                                  date: date)
        output.artist = "Music Studio"
        let report = try Renderer().render(request, to: output, options: options)
        func size(_ name: String) -> Int {
            ((try? manager.attributesOfItem(atPath: temporary.appendingPathComponent(name).path))?[.size] as? Int) ?? 0
        }
        let files = mixNames.map { TrackFile(role: .mix, stem: nil, format: $0, path: "\(hash)/\($1)", sizeBytes: size($1)) }
            + stemNames.map { TrackFile(role: .stem, stem: $0.rawValue, format: .flac, path: "\(hash)/\($1)", sizeBytes: size($1)) }
        let stored = StoredEntry(report: report, files: files.map(StoredFile.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(stored).write(to: temporary.appendingPathComponent(Self.reportName))
        let final = directory.appendingPathComponent(hash)
        if rename(temporary.path, final.path) != 0 {
            // Another process finished the same render first; theirs is as good as ours.
            guard let existing = entry(hash) else {
                throw BuildError.state("cannot move the render into \(final.path): \(String(cString: strerror(errno)))")
            }
            return existing
        }
        return Entry(hash: hash, report: report, files: files)
    }

    private struct StoredEntry: Codable {
        let report: RenderReport
        let files: [StoredFile]
    }

    private struct StoredFile: Codable {
        let role: String, stem: String?, format: String, path: String, sizeBytes: Int

        init(_ file: TrackFile) {
            role = file.role.rawValue
            stem = file.stem
            format = file.format.rawValue
            path = file.path
            sizeBytes = file.sizeBytes
        }

        var trackFile: TrackFile {
            TrackFile(role: TrackFile.Role(rawValue: role) ?? .mix, stem: stem, format: AudioFormat(rawValue: format) ?? .flac,
                      path: path, sizeBytes: sizeBytes)
        }
    }
}
