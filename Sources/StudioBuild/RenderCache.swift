import Foundation
import StudioCore
import StudioEngine

/// Rendered audio and its measurements, stored by the hash of the render's inputs
/// (`renders/<hash>/`), so that an unchanged track is never rendered twice — by this machine or
/// by any other sharing the directory.
///
/// An entry appears atomically: it is rendered into a temporary directory beside it
/// (`.<hash>.<uuid>.partial`), flushed to disk and renamed into place, so a reader — on this
/// machine or on another mounting the same volume — sees a whole entry or none. A render that
/// dies (a killed shard, a lost node) leaves only a temporary directory, which lookups ignore and
/// `sweepTemporaries` removes once it is old enough that no live render can still own it. Two
/// machines that make the same entry at once both succeed: the first rename wins and the second
/// keeps the winner's entry.
public struct RenderCache: Sendable {
    public let directory: URL
    static let reportName = "render.json"
    /// How old a temporary directory must be before a build sweeps it away: far longer than any
    /// render takes, so that a shard still rendering on another machine never loses its work.
    public static let temporaryLifetime: TimeInterval = 24 * 3600

    public struct Entry: Sendable {
        public let hash: String
        public let report: RenderReport
        /// Paths relative to the cache directory's parent-independent root: `<hash>/<file>`.
        public let files: [TrackFile]
    }

    public init(directory: URL) {
        self.directory = directory
    }

    /// The entry for `hash` when it is whole: a file missing or of the wrong size (a node lost
    /// before its writes reached the disk) makes the whole entry missing, so that it is rendered
    /// again rather than published broken.
    public func entry(_ hash: String) -> Entry? {
        guard let entry = recordedEntry(hash) else { return nil }
        for file in entry.files {
            var info = stat()
            guard stat(directory.appendingPathComponent(file.path).path, &info) == 0, Int(info.st_size) == file.sizeBytes else {
                return nil
            }
        }
        return entry
    }

    /// The entry for `hash` as its render recorded it, whatever its files are like now: what a
    /// server checks a file it is about to send against.
    public func recordedEntry(_ hash: String) -> Entry? {
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
        // On disk before it has a name: a shared volume must never hold a named entry whose bytes
        // a crash lost.
        for name in mixNames.map(\.1) + stemNames.map(\.1) + [Self.reportName] {
            Self.flush(temporary.appendingPathComponent(name))
        }
        Self.flush(temporary)
        let final = directory.appendingPathComponent(hash)
        if rename(temporary.path, final.path) != 0 {
            // Another process finished the same render first; theirs is as good as ours.
            if let existing = entry(hash) { return existing }
            // A broken entry is in the way: move it aside, then put ours in its place.
            let aside = directory.appendingPathComponent(".\(hash).\(UUID().uuidString).broken.partial")
            guard rename(final.path, aside.path) == 0 || entry(hash) != nil else {
                throw BuildError.state("cannot move the render into \(final.path): \(String(cString: strerror(errno)))")
            }
            try? manager.removeItem(at: aside)
            if rename(temporary.path, final.path) != 0 {
                guard let existing = entry(hash) else {
                    throw BuildError.state("cannot move the render into \(final.path): \(String(cString: strerror(errno)))")
                }
                return existing
            }
        }
        Self.flush(directory)
        return Entry(hash: hash, report: report, files: files)
    }

    /// Removes the temporary directories that renders which died left behind, once they are older
    /// than `age` seconds — long after any live render, here or on another machine, last wrote to
    /// one. Returns how many it removed. Never touches an entry.
    @discardableResult
    public func sweepTemporaries(olderThan age: TimeInterval, now: Date = Date()) -> Int {
        let manager = FileManager.default
        var removed = 0
        for name in (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
        where name.hasPrefix(".") && name.hasSuffix(".partial") {
            let url = directory.appendingPathComponent(name)
            guard let modified = (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > age else { continue }
            if (try? manager.removeItem(at: url)) != nil { removed += 1 }
        }
        return removed
    }

    /// fsync(2) of a file or directory; best effort (a file system without it still renames atomically).
    private static func flush(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
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
