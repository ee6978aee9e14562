import Foundation
import StudioStore
import Synchronization

/// Removes the segment audio of focus sessions that completed or ended more than the retention
/// period ago (`--focus-retention`), on a timer. A segment's file is deleted only when no track
/// uses it (a promoted segment's track keeps playing it); the segment is then `expired`.
final class FocusRetentionSweeper: Sendable {
    private let store: StateStore
    private let rendersDirectory: URL
    private let retention: TimeInterval
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(store: StateStore, rendersDirectory: URL, retention: TimeInterval) {
        self.store = store
        self.rendersDirectory = rendersDirectory
        self.retention = retention
    }

    /// How often the sweep runs: a quarter of the retention period, between half a second and a
    /// minute, so that audio outlives its period by at most that much.
    var interval: TimeInterval { min(60, max(0.5, retention / 4)) }

    func start() {
        let interval = interval
        task.withLock { current in
            guard current == nil else { return }
            current = Task.detached { [self] in
                while !Task.isCancelled {
                    sweep()
                    try? await Task.sleep(for: .seconds(interval))
                }
            }
        }
    }

    func stop() {
        task.withLock { $0?.cancel(); $0 = nil }
    }

    /// One pass: every segment due, in batches; returns how many files were deleted.
    @discardableResult
    func sweep() -> Int {
        var deleted = 0
        let cutoff = store.now.addingTimeInterval(-retention)
        while let due = try? store.segmentsDueForRemoval(endedBefore: cutoff), !due.isEmpty {
            var progressed = false
            for segment in due {
                guard let outcome = try? store.removeSegmentAudio(segment) else { return deleted }
                progressed = progressed || outcome.removed
                guard outcome.removed, !outcome.fileStillUsed else { continue }
                let url = rendersDirectory.appendingPathComponent(segment.path)
                if (try? FileManager.default.removeItem(at: url)) != nil { deleted += 1 }
                // The session's directory goes with its last file (rmdir fails while it holds any).
                rmdir(url.deletingLastPathComponent().path)
            }
            // A batch that changed nothing (every row taken meanwhile) would be listed again forever.
            if !progressed { break }
        }
        return deleted
    }
}
