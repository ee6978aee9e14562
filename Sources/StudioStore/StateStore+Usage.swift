import Foundation
import StudioCore

/// What an organization used in a period (CONTRACT §6 `usage`), from the ledger and the state.
public struct UsageSummary: Sendable, Equatable {
    public struct EngineUsage: Sendable, Equatable {
        public var engineKey: String
        public var generations: Int
        public var generatedSeconds: Double
    }

    public var from: Date
    public var to: Date
    /// Jobs created in the period, by status.
    public var generations: [GenerationJob.Status: Int]
    public var generatedSeconds: Double
    public var focusSeconds: Double
    public var byEngine: [EngineUsage]
    /// The recorded sizes of the distinct files the organization's tracks and segments use.
    public var storageBytes: Int
    public var tracks: Int
    public var collections: Int
    public var activeShareLinks: Int
}

/// The usage ledger: one row per generated stretch of audio, so that quotas and reports agree.
extension StateStore {
    public enum UsageKind: String, Sendable { case generation, focus }

    public func recordUsage(organizationID: String, userID: String?, kind: UsageKind, engineKey: String, seconds: Double,
                            reference: String) throws {
        try database.run("""
            INSERT INTO usage_ledger (organization_id, user_id, kind, engine_key, seconds, reference, at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(organizationID), .optional(userID), .text(kind.rawValue), .text(engineKey), .real(seconds),
                  .text(reference), .integer(nowMilliseconds)])
    }

    /// Seconds generated (songs and focus segments) from `from` on: what a monthly quota counts.
    public func generatedSeconds(organizationID: String, since from: Date) throws -> Double {
        try database.query("SELECT COALESCE(SUM(seconds), 0) AS total FROM usage_ledger WHERE organization_id = ? AND at >= ?",
                           [.text(organizationID), .date(from)]).first?.double("total") ?? 0
    }

    public func usage(organizationID: String, from: Date, to: Date) throws -> UsageSummary {
        try database.read {
            let org: SQLValue = .text(organizationID)
            let range: [SQLValue] = [.date(from), .date(to)]
            var generations: [GenerationJob.Status: Int] = [:]
            for status in GenerationJob.Status.allCases { generations[status] = 0 }
            for row in try database.query("""
                SELECT status, COUNT(*) AS n FROM generation_jobs WHERE organization_id = ? AND created_at >= ? AND created_at < ?
                GROUP BY status
                """, [org] + range) {
                if let status = row.string("status").flatMap(GenerationJob.Status.init) { generations[status] = row.int("n") ?? 0 }
            }
            var seconds: [UsageKind: Double] = [:]
            for row in try database.query("""
                SELECT kind, SUM(seconds) AS total FROM usage_ledger WHERE organization_id = ? AND at >= ? AND at < ? GROUP BY kind
                """, [org] + range) {
                if let kind = row.string("kind").flatMap(UsageKind.init) { seconds[kind] = row.double("total") ?? 0 }
            }
            let byEngine = try database.query("""
                SELECT engine_key, SUM(CASE WHEN kind = 'generation' THEN 1 ELSE 0 END) AS n, SUM(seconds) AS total
                FROM usage_ledger WHERE organization_id = ? AND at >= ? AND at < ? GROUP BY engine_key ORDER BY engine_key
                """, [org] + range).map {
                UsageSummary.EngineUsage(engineKey: $0.requiredString("engine_key"), generations: $0.int("n") ?? 0,
                                         generatedSeconds: $0.double("total") ?? 0)
            }
            func count(_ sql: String, _ bindings: [SQLValue]) throws -> Int {
                try database.query(sql, bindings).first?.int("n") ?? 0
            }
            // Each distinct file once, focus audio included (the API measures the disk, which
            // also folds hard links together: `StorageMeter`).
            let storage = try storedFiles(organizationID: organizationID).reduce(0) { $0 + $1.sizeBytes }
            return UsageSummary(
                from: from, to: to, generations: generations, generatedSeconds: seconds[.generation] ?? 0,
                focusSeconds: seconds[.focus] ?? 0, byEngine: byEngine, storageBytes: storage,
                tracks: try count("SELECT COUNT(*) AS n FROM tracks WHERE organization_id = ?", [org]),
                collections: try count("SELECT COUNT(*) AS n FROM collections WHERE organization_id = ?", [org]),
                activeShareLinks: try count("""
                    SELECT COUNT(*) AS n FROM share_links WHERE organization_id = ? AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > ?)
                    """, [org, .integer(nowMilliseconds)]))
        }
    }
}
