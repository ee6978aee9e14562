import Foundation
import StudioAPI
import StudioCore
import StudioEngine
import StudioHTTP
import StudioStore

/// Engines and generation jobs.
extension MusicAPI {
    func listEngines(_ context: RouteContext) async throws -> HTTPResponse {
        _ = try caller(context)
        return json(.ok, Representations.list(engines().map(Representations.engine)))
    }

    static let generationFields: Set = ["engine_key", "prompt", "duration_seconds", "title", "params"]
    static let paramFields: Set = ["bpm", "key", "seed", "stems", "format", "instrumental", "lyrics", "language"]

    /// 202 with the job: `queued`, or `refused` with a reason when a well-formed request is one
    /// the engine or a policy will not perform. A malformed request creates nothing.
    func createGeneration(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let body = try RequestBody(context.request, allowed: Self.generationFields)
        let engineKey = try body.string("engine_key", required: true, maxLength: 64)!
        guard let engine = engines().first(where: { $0.engineKey == engineKey }) else {
            throw APIError.invalid("Unknown engine `\(engineKey)`; GET …/music/engines lists them.", param: "engine_key",
                                   code: "unknown_engine")
        }
        let prompt = try body.string("prompt", required: true, maxLength: 2000, allowing: TextRules.multiLine)!
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.invalid("`prompt` must not be empty.", param: "prompt")
        }
        let duration = try body.number("duration_seconds", required: true, in: 1...86_400)!
        let title = try body.string("title", maxLength: 200)
        let params = try Self.params(body)
        let idempotencyKey = context.request.headers["Idempotency-Key"]
        if let key = idempotencyKey {
            guard !key.isEmpty, key.count <= 255 else {
                throw APIError.malformed("Idempotency-Key must be 1 to 255 characters.", code: "invalid_header", param: "Idempotency-Key")
            }
            if let earlier = try store.job(organizationID: caller.organizationID, userID: caller.userID, idempotencyKey: key) {
                guard earlier.requestHash == Credentials.hash(body.canonical) else {
                    throw APIError.conflict("This Idempotency-Key was used with a different request.", code: "idempotency_conflict")
                }
                return json(.accepted, JobInterpretation.jobJSON(earlier))
            }
        }
        var job = GenerationJob(id: ObjectID.make(.generation), organizationID: caller.organizationID, userID: caller.userID,
                                status: .queued, engineKey: engineKey, prompt: prompt, durationSeconds: duration, title: title,
                                params: params, idempotencyKey: idempotencyKey, requestHash: Credentials.hash(body.canonical),
                                createdAt: store.now)
        do {
            // Check and insert in one transaction: concurrent submissions must not pass the quota together.
            try store.atomically {
                job.refusal = try refusal(engine: engine, duration: duration, params: params, organizationID: caller.organizationID)
                if job.refusal != nil {
                    job.status = .refused
                    job.finishedAt = job.createdAt
                }
                try store.createJob(job)
            }
        } catch let error as DatabaseError where error.primaryCode == 19 {
            // A concurrent retry with the same key won the race: answer as the retry would.
            guard let key = idempotencyKey,
                  let earlier = try store.job(organizationID: caller.organizationID, userID: caller.userID, idempotencyKey: key) else {
                throw error
            }
            return json(.accepted, JobInterpretation.jobJSON(earlier))
        }
        if job.status == .queued { jobs.submitted() }
        return json(.accepted, JobInterpretation.jobJSON(job))
    }

    static func params(_ body: RequestBody) throws -> GenerationParams {
        guard let object = try body.object("params", allowed: paramFields) else { return GenerationParams() }
        let nested = try NestedFields(object, prefix: "params")
        var params = GenerationParams()
        params.bpm = try nested.number("bpm", in: 20...300)
        if let key = try nested.string("key") {
            guard MusicalKey(parsing: key) != nil else {
                throw APIError.invalid("`params.key` must name a key, like \"D minor\" or \"F# major\".", param: "params.key")
            }
            params.key = key
        }
        if let seed = try nested.number("seed", in: 0...9_007_199_254_740_991) {
            guard seed == seed.rounded() else { throw APIError.invalid("`params.seed` must be a whole number.", param: "params.seed") }
            params.seed = UInt64(seed)
        }
        params.stems = try nested.bool("stems")
        if let format = try nested.string("format") {
            guard let parsed = AudioFormat(rawValue: format) else {
                throw APIError.invalid("`params.format` must be one of \(AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                                       param: "params.format")
            }
            params.format = parsed
        }
        params.instrumental = try nested.bool("instrumental")
        params.lyrics = try nested.string("lyrics", allowing: TextRules.multiLine)
        params.language = try nested.string("language")
        return params
    }

    /// Why a well-formed request will not be performed, or nil.
    func refusal(engine: EngineDescriptor, duration: Double, params: GenerationParams,
                 organizationID: String) throws -> GenerationJob.Refusal? {
        if !engine.enabled {
            return .init(code: "engine_disabled", message: engine.disabledReason ?? "\(engine.engineKey) is disabled.")
        }
        if duration > Double(engine.maxDurationSeconds) {
            return .init(code: "duration_exceeds_engine_limit",
                         message: "\(engine.engineKey) renders at most \(engine.maxDurationSeconds) seconds.")
        }
        if params.instrumental == false || !(params.lyrics ?? "").isEmpty, !engine.vocals {
            return .init(code: "vocals_not_supported", message: "\(engine.engineKey) is instrumental only.")
        }
        if let language = params.language, !engine.languages.contains(language) {
            return .init(code: "language_not_supported", message: "\(engine.engineKey) sings in no language, so not in \(language).")
        }
        if params.stems == true, !engine.stems {
            return .init(code: "stems_not_supported", message: "\(engine.engineKey) does not render stems.")
        }
        // Jobs still queued or running count too (`MonthlyQuota`).
        if let message = try quota.refusal(organizationID: organizationID, adding: duration) {
            return .init(code: "quota_exceeded", message: message)
        }
        return nil
    }

    /// Quota months are calendar months in UTC, whatever the server's time zone.
    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func startOfMonth(_ date: Date) -> Date {
        utcCalendar.date(from: utcCalendar.dateComponents([.year, .month], from: date)) ?? date
    }

    /// When the quota month that holds `date` ends.
    static func startOfNextMonth(_ date: Date) -> Date {
        utcCalendar.date(byAdding: .month, value: 1, to: startOfMonth(date)) ?? date
    }

    func listGenerations(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let page = try Pagination(context.request)
        var status: GenerationJob.Status?
        if let text = context.request.query("status") {
            guard let parsed = GenerationJob.Status(rawValue: text) else {
                throw APIError.malformed("`status` must be one of \(GenerationJob.Status.allCases.map(\.rawValue).joined(separator: ", ")).",
                                         code: "invalid_parameter", param: "status")
            }
            status = parsed
        }
        let jobs = try store.jobs(organizationID: caller.organizationID, status: status, page: page.request)
        return json(.ok, Representations.list(jobs.items.map(JobInterpretation.jobJSON), nextCursor: jobs.next?.token))
    }

    func generation(_ id: String, caller: Caller) throws -> GenerationJob {
        guard ObjectID.isWellFormed(id, kind: .generation), let job = try store.job(id: id),
              job.organizationID == caller.organizationID else { throw APIError.notFound("generation job") }
        return job
    }

    func getGeneration(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        return json(.ok, JobInterpretation.jobJSON(try generation(context.parameter("generation_id"), caller: caller)))
    }

    func cancelGeneration(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let job = try generation(context.parameter("generation_id"), caller: caller)
        guard job.userID == caller.userID || caller.isOwner else {
            throw APIError.forbidden("Only the job's creator or an organization owner can cancel it.")
        }
        do {
            let cancelled = try store.cancelJob(id: job.id)
            // Only a running job has a worker to stop; a queued one is simply never claimed.
            if job.status == .running { jobs.cancel(job.id) }
            return json(.ok, JobInterpretation.jobJSON(cancelled ?? job))
        } catch StoreError.conflict(let message) {
            throw APIError.conflict(message, code: "job_already_ended")
        }
    }
}

/// The fields of a nested object, read with the same rules and messages as a body's.
struct NestedFields {
    let fields: [String: JSONValue]
    let prefix: String

    init(_ fields: [String: JSONValue], prefix: String) throws {
        self.fields = fields
        self.prefix = prefix
    }

    private func value(_ name: String) -> JSONValue? { fields[name].flatMap { $0 == .null ? nil : $0 } }

    func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value, number.isFinite, range.contains(number) else {
            throw APIError.invalid("`\(prefix).\(name)` must be a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)).",
                                   param: "\(prefix).\(name)")
        }
        return number
    }

    func string(_ name: String, allowing allowed: Set<Unicode.Scalar> = []) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value, text.count <= 10_000 else {
            throw APIError.invalid("`\(prefix).\(name)` must be a string.", param: "\(prefix).\(name)")
        }
        try RequestBody.refuseControls(in: text, param: "\(prefix).\(name)", allowing: allowed)
        return text
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            throw APIError.invalid("`\(prefix).\(name)` must be true or false.", param: "\(prefix).\(name)")
        }
        return flag
    }
}
