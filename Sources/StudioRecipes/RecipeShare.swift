import Foundation

/// A share link declared in a recipe, for a track or a collection of the same organization.
public struct RecipeShare: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// A recipe-local track name.
        case track(String)
        /// A recipe-local collection name.
        case collection(String)
    }

    public var target: Target
    /// Nil for a link that never expires. A time already past is allowed: the link is then
    /// created expired, as the API would do.
    public var expiresAt: Date?
    public var location: RecipeLocation

    public init(target: Target, expiresAt: Date? = nil, location: RecipeLocation) {
        self.target = target
        self.expiresAt = expiresAt
        self.location = location
    }
}
