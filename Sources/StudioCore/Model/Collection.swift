import Foundation

/// A user's ordered list of tracks within an organization.
public struct MusicCollection: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var ownerID: String?
    public var name: String
    public var description: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Filled in by the store when it reads a collection: the tracks' count and total length.
    public var trackCount: Int
    public var durationSeconds: Double

    public init(id: String, organizationID: String, ownerID: String?, name: String, description: String?,
                createdAt: Date, updatedAt: Date, trackCount: Int = 0, durationSeconds: Double = 0) {
        self.id = id
        self.organizationID = organizationID
        self.ownerID = ownerID
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.trackCount = trackCount
        self.durationSeconds = durationSeconds
    }
}

/// A track saved to a user's library.
public struct LibraryEntry: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var userID: String
    public var trackID: String
    public var savedAt: Date

    public init(id: String, organizationID: String, userID: String, trackID: String, savedAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.userID = userID
        self.trackID = trackID
        self.savedAt = savedAt
    }
}
