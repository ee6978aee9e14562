import Foundation

/// Progress on stderr: a bar with an ETA on a terminal, nothing when piped (scripts read stdout).
final class ProgressBar: @unchecked Sendable {
    // @unchecked: all state is behind `lock`; updates may come from render worker threads.
    private let label: String
    private let start = Date()
    private let lock = NSLock()
    private var lastDrawn = -1
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(label: String) { self.label = label }

    func update(_ fraction: Double) {
        guard isTerminal else { return }
        lock.withLock {
            let percent = Int(min(1, max(0, fraction)) * 100)
            guard percent != lastDrawn else { return }
            lastDrawn = percent
            let elapsed = Date().timeIntervalSince(start)
            let eta = fraction > 0.02 ? elapsed / fraction - elapsed : 0
            let width = 30
            let filled = width * percent / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let text = "\r\(label) \(bar) \(percent)%  ETA \(String(format: "%.1f", eta)) s "
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    func finish() {
        guard isTerminal else { return }
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
