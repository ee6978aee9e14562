import Foundation

/// The optional parameters of a generation request (CONTRACT §6), as the caller gave them.
public struct GenerationParams: Sendable, Equatable, Codable {
    public var bpm: Double?
    public var key: String?
    public var seed: UInt64?
    public var stems: Bool?
    public var format: AudioFormat?
    public var instrumental: Bool?
    public var lyrics: String?
    public var language: String?

    public init(bpm: Double? = nil, key: String? = nil, seed: UInt64? = nil, stems: Bool? = nil, format: AudioFormat? = nil,
                instrumental: Bool? = nil, lyrics: String? = nil, language: String? = nil) {
        self.bpm = bpm
        self.key = key
        self.seed = seed
        self.stems = stems
        self.format = format
        self.instrumental = instrumental
        self.lyrics = lyrics
        self.language = language
    }
}

/// An asynchronous render: queued → running → succeeded | failed | cancelled, or refused at once.
public struct GenerationJob: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case queued, running, succeeded, failed, cancelled, refused

        /// Ended for good: nothing will change the job again.
        public var isFinal: Bool { self != .queued && self != .running }
    }

    /// Why a well-formed request will not be performed (`engine_disabled`, `quota_exceeded`, …).
    public struct Refusal: Sendable, Equatable {
        public var code: String
        public var message: String
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var id: String
    public var organizationID: String
    public var userID: String?
    public var status: Status
    public var engineKey: String
    public var prompt: String
    public var durationSeconds: Double
    public var title: String?
    public var params: GenerationParams
    public var progress: Double
    public var trackID: String?
    public var error: String?
    public var refusal: Refusal?
    public var idempotencyKey: String?
    /// Hash of the request body, to tell a retry (same key, same body) from a conflict.
    public var requestHash: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(id: String, organizationID: String, userID: String?, status: Status, engineKey: String, prompt: String,
                durationSeconds: Double, title: String? = nil, params: GenerationParams = GenerationParams(),
                progress: Double = 0, trackID: String? = nil, error: String? = nil, refusal: Refusal? = nil,
                idempotencyKey: String? = nil, requestHash: String? = nil, createdAt: Date, startedAt: Date? = nil,
                finishedAt: Date? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.userID = userID
        self.status = status
        self.engineKey = engineKey
        self.prompt = prompt
        self.durationSeconds = durationSeconds
        self.title = title
        self.params = params
        self.progress = progress
        self.trackID = trackID
        self.error = error
        self.refusal = refusal
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
