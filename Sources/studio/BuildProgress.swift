import Foundation
import StudioBuild

/// Build progress on stderr: a bar with an ETA on a terminal, one plain line per render
/// otherwise (a cluster's log keeps every line).
final class BuildProgress: Sendable {
    let quiet: Bool
    let bar = ProgressBar(label: "rendering")
    let isTerminal = isatty(STDERR_FILENO) == 1

    init(quiet: Bool) { self.quiet = quiet }

    func handle(_ event: BuildEvent) {
        guard !quiet else { return }
        switch event {
        case .planned(let renders, let seconds, let unchanged):
            line("plan: \(Self.renders(renders)) (\(Int(seconds.rounded())) s of audio), \(unchanged) unchanged")
        case .shardPlanned(let shard, let renders, let seconds, let cached, let others, let planned):
            line("shard \(shard): plan: \(Self.renders(renders)) (\(Int(seconds.rounded())) s of audio), \(cached) in the cache, "
                 + "\(others) for other shards")
            line("shard \(shard): planned seconds of audio per shard (balanced over the whole plan): "
                 + planned.map { String(Int($0.rounded())) }.joined(separator: ", ")
                 + "; this shard \(Int(planned[shard.index].rounded())) s")
        case .renderStarted(let name):
            if isTerminal { bar.relabel("rendering \(name)") } else { line("render: \(name)") }
        case .renderProgress(let fraction):
            bar.update(fraction)
        case .renderFinished(let name, let seconds):
            if isTerminal { bar.finish() }
            line("rendered: \(name) in \(String(format: "%.1f", seconds)) s")
            bar.redraw()
        case .applied(let changes):
            let parts = changes.created.sorted { $0.key < $1.key }.map { "+" + Self.count($0.value, $0.key) }
                + changes.updated.sorted { $0.key < $1.key }.map { "~" + Self.count($0.value, $0.key) }
                + changes.deleted.sorted { $0.key < $1.key }.map { "-" + Self.count($0.value, $0.key) }
            line("state: " + (parts.isEmpty ? "unchanged" : parts.joined(separator: ", ")))
            for note in changes.notes { line("note: \(note)") }
        case .published(let report):
            line("publish: \(report.pages) share page\(report.pages == 1 ? "" : "s"), \(report.written.count) file"
                 + "\(report.written.count == 1 ? "" : "s") written, \(report.removed.count) removed, \(report.unchanged) unchanged")
        }
    }

    /// The share URLs go to stdout even with --quiet: they are the build's output for scripts.
    func summarise(_ report: BuildReport) {
        for share in report.shareURLs { print("\(share.organization)/\(share.target): \(share.url)") }
    }

    /// A shard's last line: what it added to the cache, and that it wrote nothing else.
    func summarise(_ report: ShardReport, cache: URL) {
        guard !quiet else { return }
        line("shard \(report.shard): rendered \(report.rendered.count) into \(cache.path); no state or site written")
    }

    private static func renders(_ count: Int) -> String { Self.count(count, "render") }

    /// "1 track", "2 tracks", "2 share links", "3 library entries": a count and its noun, plural
    /// unless it is one.
    static func count(_ value: Int, _ noun: String) -> String {
        guard value != 1 else { return "\(value) \(noun)" }
        // A consonant and "y": "entry" → "entries" (but "key" → "keys").
        if noun.hasSuffix("y"), let before = noun.dropLast().last, !"aeiou".contains(before) {
            return "\(value) \(noun.dropLast())ies"
        }
        return "\(value) \(noun)s"
    }

    private func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
