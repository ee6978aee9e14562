import Foundation

/// Where a client can fetch one audio file, and until when.
///
/// The live API mints short-lived signed `/media` URLs; the published mirror uses stable public
/// URLs that never expire. Representations take whichever the caller supplies.
public struct PlaybackLink: Sendable, Equatable {
    public var url: String
    public var expiresAt: Date?

    public init(url: String, expiresAt: Date?) {
        self.url = url
        self.expiresAt = expiresAt
    }
}
