import Foundation

/// Progress on stderr: a bar with an ETA on a terminal, nothing when piped (scripts read stdout).
///
/// The percentage never goes backwards: updates from render worker threads can arrive out of
/// order, and a bar that jumps back reads as a bug. The label (the track being rendered) can
/// change without moving the bar.
final class ProgressBar: @unchecked Sendable {
    // @unchecked: all state is behind `lock`; updates may come from render worker threads.
    private var label: String
    private let start = Date()
    private let lock = NSLock()
    private var percent = -1
    private var fraction = 0.0
    private let isTerminal: Bool

    init(label: String, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.isTerminal = isTerminal
    }

    func update(_ fraction: Double) {
        guard isTerminal else { return }
        lock.withLock {
            let clamped = min(1, max(0, fraction))
            let percent = Int(clamped * 100)
            guard percent > self.percent else { return }
            self.percent = percent
            self.fraction = clamped
            draw()
        }
    }

    /// Names what is in progress now ("rendering demo/rain"), keeping the percentage.
    func relabel(_ label: String) {
        guard isTerminal else { return }
        lock.withLock {
            self.label = label
            if percent >= 0 { draw() }
        }
    }

    /// Clears the bar's line, so that a plain line can be printed; `redraw` brings it back.
    func finish() {
        guard isTerminal else { return }
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    func redraw() {
        guard isTerminal else { return }
        lock.withLock { if percent >= 0 { draw() } }
    }

    private func draw() {
        let elapsed = Date().timeIntervalSince(start)
        let eta = fraction > 0.02 ? elapsed / fraction - elapsed : 0
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = "\r\u{1B}[K\(label) \(bar) \(percent)%  ETA \(String(format: "%.1f", eta)) s"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
