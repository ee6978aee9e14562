import Foundation

/// An endless, seamless stream: segments rendered ahead of the listener until the target length.
public struct FocusSession: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case active, completed, ended
    }

    public var id: String
    public var organizationID: String
    public var userID: String?
    public var status: Status
    public var engineKey: String
    public var prompt: String
    public var targetSeconds: Double
    public var segmentSeconds: Double
    public var crossfadeSeconds: Double
    /// Fixes the key, tempo and material of every segment, so that each continues the last.
    public var seed: UInt64
    public var segments: [FocusSegment]
    public var createdAt: Date
    public var endedAt: Date?
    /// Why a session stopped making segments: `target_reached`, `ended_by_user`, `quota_exceeded`
    /// or `render_failed`; nil while it is active.
    public var endReason: String?

    public init(id: String, organizationID: String, userID: String?, status: Status, engineKey: String, prompt: String,
                targetSeconds: Double, segmentSeconds: Double, crossfadeSeconds: Double, seed: UInt64,
                segments: [FocusSegment] = [], createdAt: Date, endedAt: Date? = nil, endReason: String? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.userID = userID
        self.status = status
        self.engineKey = engineKey
        self.prompt = prompt
        self.targetSeconds = targetSeconds
        self.segmentSeconds = segmentSeconds
        self.crossfadeSeconds = crossfadeSeconds
        self.seed = seed
        self.segments = segments
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.endReason = endReason
    }

    /// Seconds of new music the ready segments add up to (overlaps counted once).
    public var generatedSeconds: Double {
        let ready = segments.filter { $0.status == .ready }
        guard !ready.isEmpty else { return 0 }
        return ready.reduce(0) { $0 + $1.durationSeconds } - Double(ready.count - 1) * crossfadeSeconds
    }
}

/// One rendered stretch of a focus session; it overlaps the next by the session's crossfade.
public struct FocusSegment: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case pending, rendering, ready, failed
    }

    public var index: Int
    public var status: Status
    public var durationSeconds: Double
    /// Relative to the state directory; nil until ready.
    public var path: String?
    public var sizeBytes: Int
    public var createdAt: Date
    /// When the retention sweep removed this ready segment's audio (its session had ended long
    /// enough ago and no track uses the file); the API then calls it `expired`.
    public var removedAt: Date?

    public init(index: Int, status: Status, durationSeconds: Double, path: String? = nil, sizeBytes: Int = 0, createdAt: Date,
                removedAt: Date? = nil) {
        self.index = index
        self.status = status
        self.durationSeconds = durationSeconds
        self.path = path
        self.sizeBytes = sizeBytes
        self.createdAt = createdAt
        self.removedAt = removedAt
    }
}
