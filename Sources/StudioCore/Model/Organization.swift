import Foundation

/// A tenant: tracks and jobs belong to it; users belong to it through memberships.
public struct Organization: Sendable, Equatable {
    public var id: String
    /// The recipes' name for it (`organization: "demo"`); nil for organizations made by the CLI.
    public var slug: String?
    public var name: String
    public var createdAt: Date

    public init(id: String, slug: String?, name: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.createdAt = createdAt
    }
}

/// What a member may do beyond reading: an owner may delete anyone's tracks and jobs.
public enum MembershipRole: String, Sendable, CaseIterable, Codable {
    case owner, member
}

/// A person. Their bearer token is stored only as a hash.
public struct User: Sendable, Equatable {
    public var id: String
    public var email: String
    public var createdAt: Date

    public init(id: String, email: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.createdAt = createdAt
    }
}

/// An API key: it acts as its user, optionally only within one organization.
public struct APIKey: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var organizationID: String?
    public var name: String?
    public var createdAt: Date
    /// When the server last accepted it (to the minute: it records a use at most once a minute).
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: String, userID: String, organizationID: String?, name: String?, createdAt: Date,
                lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.organizationID = organizationID
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
