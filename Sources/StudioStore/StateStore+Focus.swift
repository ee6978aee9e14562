import Foundation
import StudioCore

/// Focus sessions and their segments.
extension StateStore {
    public func createFocusSession(_ session: FocusSession) throws {
        try database.run("""
            INSERT INTO focus_sessions (id, organization_id, user_id, status, engine_key, prompt, target_seconds,
                segment_seconds, crossfade_seconds, seed, created_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(session.id), .text(session.organizationID), .optional(session.userID), .text(session.status.rawValue),
                  .text(session.engineKey), .text(session.prompt), .real(session.targetSeconds), .real(session.segmentSeconds),
                  .real(session.crossfadeSeconds), .seed(session.seed), .date(session.createdAt), .date(session.endedAt)])
    }

    public func focusSession(id: String) throws -> FocusSession? {
        try database.read {
            guard let row = try database.query("SELECT * FROM focus_sessions WHERE id = ?", [.text(id)]).first else { return nil }
            let segments = try database.query("SELECT * FROM focus_segments WHERE session_id = ? ORDER BY segment_index",
                                              [.text(id)]).map(Self.segment)
            return Self.focusSession(row, segments: segments)
        }
    }

    /// Sessions that still want segments: active ones, oldest first.
    public func activeFocusSessionIDs() throws -> [String] {
        try database.query("SELECT id FROM focus_sessions WHERE status = 'active' ORDER BY created_at, id").map { $0.requiredString("id") }
    }

    /// Adds or updates one segment.
    public func saveSegment(sessionID: String, _ segment: FocusSegment) throws {
        try database.run("""
            INSERT INTO focus_segments (session_id, segment_index, status, duration_seconds, path, size_bytes, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id, segment_index) DO UPDATE SET status = excluded.status,
                duration_seconds = excluded.duration_seconds, path = excluded.path, size_bytes = excluded.size_bytes
            """, [.text(sessionID), .integer(Int64(segment.index)), .text(segment.status.rawValue), .real(segment.durationSeconds),
                  .optional(segment.path), .integer(Int64(segment.sizeBytes)), .date(segment.createdAt)])
    }

    /// Moves an active session to `completed` or `ended`, saying why (by default: the target was
    /// reached, or the listener ended it); an ended session stays ended, with its first reason.
    @discardableResult
    public func finishFocusSession(id: String, status: FocusSession.Status, reason: String? = nil) throws -> FocusSession? {
        try database.transaction {
            let reason = reason ?? (status == .completed ? "target_reached" : "ended_by_user")
            try database.run("UPDATE focus_sessions SET status = ?, ended_at = ?, end_reason = ? WHERE id = ? AND status = 'active'",
                             [.text(status.rawValue), .integer(nowMilliseconds), .text(reason), .text(id)])
            return try focusSession(id: id)
        }
    }

    /// Active sessions of a user in an organization, and of the whole organization: what the
    /// caps on concurrent sessions count.
    public func activeFocusSessionCounts(organizationID: String, userID: String) throws -> (user: Int, organization: Int) {
        let row = try database.query("""
            SELECT COUNT(*) AS organization, COALESCE(SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END), 0) AS user
            FROM focus_sessions WHERE status = 'active' AND organization_id = ?
            """, [.text(userID), .text(organizationID)]).first
        return (row?.int("user") ?? 0, row?.int("organization") ?? 0)
    }

    static func focusSession(_ row: Row, segments: [FocusSegment]) -> FocusSession {
        FocusSession(id: row.requiredString("id"), organizationID: row.requiredString("organization_id"), userID: row.string("user_id"),
                     status: row.string("status").flatMap(FocusSession.Status.init) ?? .ended,
                     engineKey: row.requiredString("engine_key"), prompt: row.requiredString("prompt"),
                     targetSeconds: row.double("target_seconds") ?? 0, segmentSeconds: row.double("segment_seconds") ?? 0,
                     crossfadeSeconds: row.double("crossfade_seconds") ?? 0, seed: UInt64(bitPattern: row.int64("seed") ?? 0),
                     segments: segments, createdAt: row.date("created_at") ?? .distantPast, endedAt: row.date("ended_at"),
                     endReason: row.string("end_reason"))
    }

    static func segment(_ row: Row) -> FocusSegment {
        FocusSegment(index: row.int("segment_index") ?? 0, status: row.string("status").flatMap(FocusSegment.Status.init) ?? .failed,
                     durationSeconds: row.double("duration_seconds") ?? 0, path: row.string("path"),
                     sizeBytes: row.int("size_bytes") ?? 0, createdAt: row.date("created_at") ?? .distantPast,
                     removedAt: row.date("removed_at"))
    }
}

extension StateStore {
    /// Segments a stopped or crashed process left `rendering` go back to `pending`, to be rendered again.
    @discardableResult
    public func resetInterruptedSegments() throws -> Int {
        try database.transaction {
            try database.run("UPDATE focus_segments SET status = 'pending' WHERE status = 'rendering'")
            return database.changes
        }
    }
}
