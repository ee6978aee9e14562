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
        while true {
            let due: [StateStore.RetainedSegment]
            do { due = try store.segmentsDueForRemoval(endedBefore: cutoff) } catch {
                Self.log("cannot list the focus segments due for removal: \(error)")
                return deleted
            }
            guard !due.isEmpty else { break }
            var progressed = false
            for segment in due {
                let outcome: (removed: Bool, fileStillUsed: Bool)
                do { outcome = try store.removeSegmentAudio(segment) } catch {
                    Self.log("cannot mark \(segment.path) removed: \(error)")
                    return deleted
                }
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

    /// A sweep that fails is tried again at the next tick; the operator learns why from the log.
    private static func log(_ message: String) {
        FileHandle.standardError.write(Data("studio serve: focus retention: \(message)\n".utf8))
    }
}
