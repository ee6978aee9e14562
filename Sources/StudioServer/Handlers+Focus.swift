import Foundation
import StudioAPI
import StudioCore
import StudioEngine
import StudioHTTP
import StudioStore

/// Focus sessions (private to their user) and usage.
extension MusicAPI {
    static let maximumFocusSeconds = 8.0 * 3600

    func startFocusSession(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let body = try RequestBody(context.request, allowed: ["engine_key", "prompt", "target_duration_seconds",
                                                              "segment_duration_seconds", "crossfade_seconds"])
        let engineKey = try body.string("engine_key", required: true, maxLength: 64)!
        guard let engine = engines().first(where: { $0.engineKey == engineKey }) else {
            throw APIError.invalid("Unknown engine `\(engineKey)`.", param: "engine_key", code: "unknown_engine")
        }
        guard engine.enabled else {
            throw APIError.invalid("\(engineKey) is disabled: \(engine.disabledReason ?? "no reason given").", param: "engine_key",
                                   code: "engine_disabled")
        }
        let prompt = try body.string("prompt", required: true, maxLength: 2000, allowing: TextRules.multiLine)!
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.invalid("`prompt` must not be empty.", param: "prompt")
        }
        let target = try body.number("target_duration_seconds", required: true, in: 10...Self.maximumFocusSeconds)!
        let segment = try body.number("segment_duration_seconds", in: 10...Double(min(600, engine.maxDurationSeconds))) ?? 60
        let crossfade = try body.number("crossfade_seconds", in: 0...30) ?? 6
        guard crossfade < segment / 2 else {
            throw APIError.invalid("`crossfade_seconds` must be less than half of the segment length.", param: "crossfade_seconds")
        }
        let session = FocusSession(id: ObjectID.make(.focusSession), organizationID: caller.organizationID, userID: caller.userID,
                                   status: .active, engineKey: engineKey, prompt: prompt, targetSeconds: target,
                                   segmentSeconds: segment, crossfadeSeconds: crossfade,
                                   seed: UInt64.random(in: 0..<(1 << 53)), createdAt: store.now)
        // Checked and created in one transaction: concurrent starts must not pass a cap together.
        try store.atomically {
            try checkFocusLimits(caller, firstSegmentSeconds: segment)
            try store.createFocusSession(session)
        }
        jobs.submitted()
        return json(.created, focusJSON(session))
    }

    /// The caps on active sessions (409: end one first) and the monthly quota (429 until it
    /// resets): a session starts only when its first segment fits.
    private func checkFocusLimits(_ caller: Caller, firstSegmentSeconds: Double) throws {
        let active = try store.activeFocusSessionCounts(organizationID: caller.organizationID, userID: caller.userID)
        if active.user >= configuration.activeFocusSessionsPerUser {
            throw APIError.conflict("You have \(active.user) active focus sessions, the most a user may have at once; "
                                    + "end one to start another.", code: "too_many_focus_sessions")
        }
        if active.organization >= configuration.activeFocusSessionsPerOrganization {
            throw APIError.conflict("This organization has \(active.organization) active focus sessions, the most it may "
                                    + "have at once; end one to start another.", code: "too_many_focus_sessions")
        }
        if let message = try quota.refusal(organizationID: caller.organizationID, adding: firstSegmentSeconds) {
            throw quota.exceeded(message)
        }
    }

    func focusJSON(_ session: FocusSession) -> JSONValue {
        let now = store.now
        return Representations.focusSession(session) { segment in segment.path.map { signer.link(forFile: $0, now: now) } }
    }

    func ownFocusSession(_ id: String, caller: Caller) throws -> FocusSession {
        guard ObjectID.isWellFormed(id, kind: .focusSession), let session = try store.focusSession(id: id),
              session.organizationID == caller.organizationID, session.userID == caller.userID else {
            throw APIError.notFound("focus session")
        }
        return session
    }

    func getFocusSession(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        return json(.ok, focusJSON(try ownFocusSession(context.parameter("session_id"), caller: caller)))
    }

    func endFocusSession(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let session = try ownFocusSession(context.parameter("session_id"), caller: caller)
        let ended = try store.finishFocusSession(id: session.id, status: .ended) ?? session
        jobs.cancel(session.id)   // a segment in flight stops now
        return json(.ok, focusJSON(ended))
    }

    /// A ready segment becomes a track of the organization, with the engine's licence fields.
    func promoteSegment(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let session = try ownFocusSession(context.parameter("session_id"), caller: caller)
        guard let index = Int(context.parameter("index")),
              let segment = session.segments.first(where: { $0.index == index }) else {
            throw APIError.notFound("segment", param: "index")
        }
        // Promoting again returns the track the first promotion made (200, not a second track).
        if let id = try store.promotedTrackID(sessionID: session.id, index: index), let track = try store.track(id: id) {
            return json(.ok, try trackJSON(track, caller: caller))
        }
        if segment.removedAt != nil {
            throw APIError.gone("Segment \(index)'s audio was removed after the session ended; promote segments within the "
                                + "retention period.", code: "segment_expired")
        }
        guard segment.status == .ready, let path = segment.path,
              let engine = engines().first(where: { $0.engineKey == session.engineKey }) else {
            throw APIError.conflict("Segment \(index) is not ready yet.", code: "segment_not_ready")
        }
        let now = store.now
        let format = AudioFormat(fileName: path) ?? .mp3
        // The session's key and tempo, as its stream read the prompt; loudness and waveform
        // measured from the segment's own file.
        let stream = try FocusStream(engineKey: session.engineKey, prompt: session.prompt, seed: session.seed,
                                     segmentSeconds: session.segmentSeconds, crossfadeSeconds: session.crossfadeSeconds)
        let measured = try SegmentMeasurement(url: configuration.rendersDirectory.appendingPathComponent(path))
        let track = Track(id: ObjectID.make(.track), organizationID: caller.organizationID, creatorID: caller.userID,
                          title: "\(GenerationInputs.title(from: session.prompt)) (focus \(index + 1))", engineKey: engine.engineKey,
                          engineVersion: engine.version, prompt: session.prompt, durationSeconds: segment.durationSeconds,
                          bpm: stream.interpretation.bpm, key: stream.interpretation.key.description, seed: session.seed,
                          source: .focusSegment(sessionID: session.id, index: index), licence: engine.licence, format: format,
                          sampleRate: engine.sampleRate, channels: engine.channels, loudnessLUFS: measured.loudnessLUFS,
                          truePeakDBTP: measured.truePeakDBTP, peaks: measured.peaks,
                          files: [TrackFile(role: .mix, stem: nil, format: format, path: path, sizeBytes: segment.sizeBytes)],
                          inputHash: "focus:\(session.id):\(index)", createdAt: now, updatedAt: now)
        // Checked again and saved in one transaction: of two concurrent promotes, one makes the
        // track and the other returns it. The segment must still hold its file (not swept meanwhile).
        let existing: Track? = try store.atomically {
            if let id = try store.promotedTrackID(sessionID: session.id, index: index) { return try store.track(id: id) }
            guard try store.focusSession(id: session.id)?.segments.first(where: { $0.index == index })?.path == path else {
                throw APIError.gone("Segment \(index)'s audio was removed after the session ended.", code: "segment_expired")
            }
            try store.saveTrack(track)
            return nil
        }
        if let existing { return json(.ok, try trackJSON(existing, caller: caller)) }
        return json(.created, try trackJSON(track, caller: caller))
    }

    func getUsage(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let now = store.now
        let from = try Self.timeQuery("from", of: context.request) ?? Self.startOfMonth(now)
        let to = try Self.timeQuery("to", of: context.request) ?? now.addingTimeInterval(0.001)
        guard from <= to else { throw APIError.malformed("`from` must not be after `to`.", code: "invalid_parameter", param: "from") }
        let usage = try store.usage(organizationID: caller.organizationID, from: from, to: to)
        let monthUsed = try store.generatedSeconds(organizationID: caller.organizationID, since: Self.startOfMonth(now))
        var generations: [String: JSONValue] = [:]
        for status in GenerationJob.Status.allCases where status != .queued && status != .running {
            generations[status.rawValue] = .number(Double(usage.generations[status] ?? 0))
        }
        generations["submitted"] = .number(Double(usage.generations.values.reduce(0, +)))
        return json(.ok, .object([
            "object": "usage", "period": .object(["from": JSONValue(from), "to": JSONValue(to)]),
            "generations": .object(generations), "generated_seconds": .number(usage.generatedSeconds.rounded()),
            "focus_seconds": .number(usage.focusSeconds.rounded()),
            "by_engine": .array(usage.byEngine.map {
                .object(["engine_key": .string($0.engineKey), "generations": .number(Double($0.generations)),
                         "generated_seconds": .number($0.generatedSeconds.rounded())])
            }),
            "storage_bytes": .number(Double(try StorageMeter(store: store, rendersDirectory: configuration.rendersDirectory)
                .bytes(organizationID: caller.organizationID))), "tracks": .number(Double(usage.tracks)),
            "collections": .number(Double(usage.collections)), "active_share_links": .number(Double(usage.activeShareLinks)),
            "quota": .object(["period": "month", "generated_seconds_limit": .number(configuration.monthlyQuotaSeconds),
                              "generated_seconds_used": .number(monthUsed.rounded()),
                              "resets_at": JSONValue(Self.startOfNextMonth(now))]),
        ]))
    }

    /// An optional RFC 3339 time in the query; malformed is a 400 naming the parameter.
    static func timeQuery(_ name: String, of request: HTTPRequest) throws -> Date? {
        try request.query(name).map { text in
            guard text.count <= 64, let date = Timestamp.parse(text) else {
                throw APIError.malformed("`\(name)` must be an RFC 3339 time.", code: "invalid_parameter", param: name)
            }
            return date
        }
    }
}
