import Foundation
import StudioCore
import StudioEngine
import StudioStore

/// Decides which focus segment to render next and renders it: segments stay ahead of the
/// listener (whose position is the time since the session started) by at least two, never the
/// whole session up front, until the target length is reached.
struct FocusScheduler: Sendable {
    let store: StateStore
    let rendersDirectory: URL
    /// The organization's monthly quota: a session whose next segment does not fit ends, with
    /// `end_reason` `quota_exceeded`, instead of rendering past it.
    let quota: MonthlyQuota
    /// Ready segments kept ahead of the listener.
    static let lead = 2

    struct Work: Sendable {
        let session: FocusSession
        let index: Int
    }

    /// Claims the next segment some active session needs now, marking it `rendering` in the
    /// same transaction, so that two workers never render the same one. Sessions that have
    /// reached their target become `completed`.
    func claimNext() throws -> Work? {
        for id in try store.activeFocusSessionIDs() {
            let work: Work? = try store.atomically {
                guard let session = try store.focusSession(id: id), session.status == .active else { return nil }
                let hop = session.segmentSeconds - session.crossfadeSeconds
                let needed = Int((max(0, session.targetSeconds - session.crossfadeSeconds) / hop).rounded(.up))
                let done = session.segments.filter { $0.status == .ready }.count
                if done >= needed {
                    try store.finishFocusSession(id: id, status: .completed)
                    return nil
                }
                // A segment in flight holds the session back; one a crash left `pending` renders again.
                if let open = session.segments.first(where: { $0.status != .ready }) {
                    guard open.status == .pending, try fitsQuota(session, index: open.index) else { return nil }
                    try store.saveSegment(sessionID: id, FocusSegment(index: open.index, status: .rendering,
                                                                      durationSeconds: session.segmentSeconds, createdAt: store.now))
                    return Work(session: session, index: open.index)
                }
                let listener = max(0, store.now.timeIntervalSince(session.createdAt))
                guard done < Int(listener / hop) + 1 + Self.lead else { return nil }
                let index = session.segments.count
                guard try fitsQuota(session, index: index) else { return nil }
                try store.saveSegment(sessionID: id, FocusSegment(index: index, status: .rendering,
                                                                  durationSeconds: session.segmentSeconds, createdAt: store.now))
                return Work(session: session, index: index)
            }
            if let work { return work }
        }
        return nil
    }

    /// Whether segment `index`'s new seconds (all of the first; the others less the overlap,
    /// as the ledger counts them) fit the organization's quota; if not, the session ends, saying why.
    private func fitsQuota(_ session: FocusSession, index: Int) throws -> Bool {
        let seconds = index == 0 ? session.segmentSeconds : session.segmentSeconds - session.crossfadeSeconds
        guard try quota.refusal(organizationID: session.organizationID, adding: seconds) != nil else { return true }
        try store.finishFocusSession(id: session.id, status: .ended, reason: "quota_exceeded")
        return false
    }

    /// Renders a claimed segment to `focus/<session>/segment-<index>.mp3` under the renders
    /// directory and marks it ready (or failed), counting its new seconds in the usage ledger.
    func render(_ work: Work, isCancelled: @escaping @Sendable () -> Bool) {
        let session = work.session
        let relative = "focus/\(session.id)/segment-\(work.index).mp3"
        let url = rendersDirectory.appendingPathComponent(relative)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".segment-\(work.index).\(UUID().uuidString).mp3")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let stream = try FocusStream(engineKey: session.engineKey, prompt: session.prompt, seed: session.seed,
                                         segmentSeconds: session.segmentSeconds, crossfadeSeconds: session.crossfadeSeconds)
            let report = try stream.renderSegment(work.index, to: temporary, format: .mp3,
                                                  date: Timestamp.day(session.createdAt),
                                                  options: RenderOptions(threads: 1, isCancelled: isCancelled))
            guard rename(temporary.path, url.path) == 0 else { throw RenderError.io("cannot move \(temporary.path) into place") }
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            try store.atomically {
                try store.saveSegment(sessionID: session.id, FocusSegment(index: work.index, status: .ready,
                                                                          durationSeconds: report.durationSeconds, path: relative,
                                                                          sizeBytes: size, createdAt: store.now))
                let newSeconds = work.index == 0 ? report.durationSeconds : report.durationSeconds - session.crossfadeSeconds
                try store.recordUsage(organizationID: session.organizationID, userID: session.userID, kind: .focus,
                                      engineKey: session.engineKey, seconds: newSeconds, reference: "\(session.id)#\(work.index)")
            }
        } catch {
            // Ended while rendering, or a render that cannot succeed: the segment is marked
            // failed, and a session that cannot continue ends rather than retrying forever.
            try? FileManager.default.removeItem(at: temporary)
            try? store.saveSegment(sessionID: session.id, FocusSegment(index: work.index, status: .failed,
                                                                        durationSeconds: session.segmentSeconds, createdAt: store.now))
            if !isCancelled() { _ = try? store.finishFocusSession(id: session.id, status: .ended, reason: "render_failed") }
        }
    }
}
