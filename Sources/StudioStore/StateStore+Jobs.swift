import Foundation
import StudioCore

/// Generation jobs: the queue the background workers take from.
extension StateStore {
    public func createJob(_ job: GenerationJob) throws {
        let params = String(decoding: try JSONEncoder().encode(job.params), as: UTF8.self)
        try database.run("""
            INSERT INTO generation_jobs (id, organization_id, user_id, status, engine_key, prompt, duration_seconds, title,
                params, progress, track_id, error, refusal_code, refusal_message, idempotency_key, request_hash,
                created_at, started_at, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(job.id), .text(job.organizationID), .optional(job.userID), .text(job.status.rawValue),
                  .text(job.engineKey), .text(job.prompt), .real(job.durationSeconds), .optional(job.title), .text(params),
                  .real(job.progress), .optional(job.trackID), .optional(job.error), .optional(job.refusal?.code),
                  .optional(job.refusal?.message), .optional(job.idempotencyKey), .optional(job.requestHash),
                  .date(job.createdAt), .date(job.startedAt), .date(job.finishedAt)])
    }

    public func job(id: String) throws -> GenerationJob? {
        try database.query("SELECT * FROM generation_jobs WHERE id = ?", [.text(id)]).first.map(Self.job)
    }

    /// The job a user submitted earlier with the same Idempotency-Key in the organization.
    public func job(organizationID: String, userID: String?, idempotencyKey: String) throws -> GenerationJob? {
        try database.query("""
            SELECT * FROM generation_jobs WHERE organization_id = ? AND user_id IS ? AND idempotency_key = ?
            """, [.text(organizationID), .optional(userID), .text(idempotencyKey)]).first.map(Self.job)
    }

    /// The organization's jobs, newest first, optionally only those with `status`.
    public func jobs(organizationID: String, status: GenerationJob.Status? = nil, page: PageRequest = .all) throws -> Page<GenerationJob> {
        var sql = "SELECT * FROM generation_jobs WHERE organization_id = ?"
        var bindings: [SQLValue] = [.text(organizationID)]
        if let status {
            sql += " AND status = ?"
            bindings.append(.text(status.rawValue))
        }
        return try self.page(sql, bindings, timeColumn: "created_at", request: page, map: Self.job)
    }

    /// Seconds asked for by the organization's jobs that are queued or running: audio not yet in
    /// the usage ledger that a quota must still count.
    public func pendingSeconds(organizationID: String) throws -> Double {
        try database.query("""
            SELECT COALESCE(SUM(duration_seconds), 0) AS total FROM generation_jobs
            WHERE organization_id = ? AND status IN ('queued', 'running')
            """, [.text(organizationID)]).first?.double("total") ?? 0
    }

    /// Takes the oldest queued job and marks it running, atomically: two workers (or two
    /// processes) never take the same job.
    public func claimNextJob() throws -> GenerationJob? {
        try database.transaction {
            guard let row = try database.query("""
                SELECT id FROM generation_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1
                """).first else { return nil }
            let id = row.requiredString("id")
            try database.run("UPDATE generation_jobs SET status = 'running', started_at = ?, progress = 0 WHERE id = ?",
                             [.integer(nowMilliseconds), .text(id)])
            return try job(id: id)
        }
    }

    /// Puts jobs that were running when the process died back in the queue: they run again
    /// from the start (a render leaves nothing behind until it succeeds). Returns how many.
    @discardableResult
    public func requeueInterruptedJobs() throws -> Int {
        try database.transaction {
            try database.run("UPDATE generation_jobs SET status = 'queued', started_at = NULL, progress = 0 WHERE status = 'running'")
            return database.changes
        }
    }

    public func updateProgress(jobID: String, progress: Double) throws {
        try database.run("UPDATE generation_jobs SET progress = ? WHERE id = ? AND status = 'running'",
                         [.real(min(1, max(0, progress))), .text(jobID)])
    }

    /// Ends a running job. Only a job still running can end this way, so a cancel that won
    /// the race is never overwritten by a late success. Returns whether this call ended it.
    @discardableResult
    public func finishJob(id: String, status: GenerationJob.Status, trackID: String? = nil, error: String? = nil) throws -> Bool {
        try database.transaction {
            try database.run("""
                UPDATE generation_jobs SET status = ?, track_id = ?, error = ?, finished_at = ?,
                    progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END
                WHERE id = ? AND status = 'running'
                """, [.text(status.rawValue), .optional(trackID), .optional(error), .integer(nowMilliseconds),
                      .text(status.rawValue), .text(id)])
            return database.changes > 0
        }
    }

    /// Cancels a queued or running job; a job that already ended otherwise is a conflict.
    public func cancelJob(id: String) throws -> GenerationJob? {
        try database.transaction {
            guard let job = try job(id: id) else { return nil }
            if job.status == .cancelled { return job }
            guard !job.status.isFinal else { throw StoreError.conflict("job \(id) already ended as \(job.status.rawValue)") }
            try database.run("UPDATE generation_jobs SET status = 'cancelled', finished_at = ? WHERE id = ?",
                             [.integer(nowMilliseconds), .text(id)])
            return try self.job(id: id)
        }
    }

    static func job(_ row: Row) -> GenerationJob {
        let params = (try? JSONDecoder().decode(GenerationParams.self, from: Data(row.requiredString("params").utf8))) ?? GenerationParams()
        let refusal = row.string("refusal_code").map { GenerationJob.Refusal(code: $0, message: row.string("refusal_message") ?? "") }
        return GenerationJob(id: row.requiredString("id"), organizationID: row.requiredString("organization_id"),
                             userID: row.string("user_id"), status: row.string("status").flatMap(GenerationJob.Status.init) ?? .failed,
                             engineKey: row.requiredString("engine_key"), prompt: row.requiredString("prompt"),
                             durationSeconds: row.double("duration_seconds") ?? 0, title: row.string("title"), params: params,
                             progress: row.double("progress") ?? 0, trackID: row.string("track_id"), error: row.string("error"),
                             refusal: refusal, idempotencyKey: row.string("idempotency_key"), requestHash: row.string("request_hash"),
                             createdAt: row.date("created_at") ?? .distantPast, startedAt: row.date("started_at"),
                             finishedAt: row.date("finished_at"))
    }
}
