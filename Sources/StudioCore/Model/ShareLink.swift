import Foundation

/// A public link to a track or a collection. The raw token is shown once; only its hash is
/// stored, and the publisher derives it again from the signing secret when it writes pages.
public struct ShareLink: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case track(String)
        case collection(String)

        public var typeName: String {
            switch self {
            case .track: "track"
            case .collection: "collection"
            }
        }

        public var id: String {
            switch self {
            case .track(let id), .collection(let id): id
            }
        }
    }

    public var id: String
    public var organizationID: String
    public var creatorID: String?
    public var target: Target
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, organizationID: String, creatorID: String?, target: Target, tokenHash: String,
                createdAt: Date, expiresAt: Date?, revokedAt: Date?) {
        self.id = id
        self.organizationID = organizationID
        self.creatorID = creatorID
        self.target = target
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Open: neither revoked nor past its expiry at `now`.
    public func isLive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}
