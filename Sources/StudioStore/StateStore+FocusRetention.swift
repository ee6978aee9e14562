import Foundation
import StudioCore

/// The retention of focus audio, and the files an organization stores.
extension StateStore {
    /// A ready segment whose audio may be removed: its session stopped before the cutoff.
    public struct RetainedSegment: Sendable, Equatable {
        public var sessionID: String
        public var index: Int
        public var path: String
    }

    /// Ready segments, with audio still on disk and not promoted (no track plays their file), of
    /// sessions that completed or ended before `cutoff` (at most `limit` per call, oldest session first, so one sweep stays short).
    public func segmentsDueForRemoval(endedBefore cutoff: Date, limit: Int = 500) throws -> [RetainedSegment] {
        try database.query("""
            SELECT g.session_id, g.segment_index, g.path FROM focus_sessions s JOIN focus_segments g ON g.session_id = s.id
            WHERE s.status != 'active' AND s.ended_at IS NOT NULL AND s.ended_at < ? AND g.path IS NOT NULL
                AND g.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM track_files f WHERE f.path = g.path)
            ORDER BY s.ended_at, g.session_id, g.segment_index LIMIT ?
            """, [.date(cutoff), .integer(Int64(limit))]).map {
            RetainedSegment(sessionID: $0.requiredString("session_id"), index: $0.int("segment_index") ?? 0,
                            path: $0.requiredString("path"))
        }
    }

    /// Marks a segment's audio removed (no path, no size) unless a track plays its file (promoted
    /// since the sweep listed it), and says whether the file is still used by anything: the
    /// caller deletes the file only when not. One transaction, so that a promote either happened
    /// before (and keeps the segment) or sees the segment expired.
    public func removeSegmentAudio(_ segment: RetainedSegment) throws -> (removed: Bool, fileStillUsed: Bool) {
        try database.transaction {
            try database.run("""
                UPDATE focus_segments SET removed_at = ?4, path = NULL, size_bytes = 0
                WHERE session_id = ?1 AND segment_index = ?2 AND path = ?3 AND removed_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM track_files WHERE path = ?3)
                """, [.text(segment.sessionID), .integer(Int64(segment.index)), .text(segment.path), .integer(nowMilliseconds)])
            let removed = database.changes > 0
            return (removed, try isFileInUse(segment.path))
        }
    }

    /// Every distinct audio file the organization's tracks and focus segments point at, with
    /// the size the state recorded: usage counts each file once, however many rows name it.
    public func storedFiles(organizationID: String) throws -> [(path: String, sizeBytes: Int)] {
        try database.query("""
            SELECT path, MAX(size_bytes) AS size_bytes FROM (
                SELECT f.path, f.size_bytes FROM track_files f JOIN tracks t ON t.id = f.track_id WHERE t.organization_id = ?1
                UNION ALL
                SELECT g.path, g.size_bytes FROM focus_segments g JOIN focus_sessions s ON s.id = g.session_id
                WHERE s.organization_id = ?1 AND g.path IS NOT NULL
            ) GROUP BY path ORDER BY path
            """, [.text(organizationID)]).map { ($0.requiredString("path"), $0.int("size_bytes") ?? 0) }
    }
}
