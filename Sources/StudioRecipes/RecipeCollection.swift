/// A collection declared in a recipe: an ordered list of the organization's recipe tracks.
public struct RecipeCollection: Sendable, Hashable {
    /// The recipe-local name (the key under `collections`), unique within the organization.
    public var name: String
    /// The collection's `name` as users see it (CONTRACT §6 collection `name`).
    public var displayName: String
    /// Empty when the recipe gives none.
    public var description: String
    /// Recipe-local track names, in collection order, each once.
    public var trackNames: [String]
    public var location: RecipeLocation

    public init(name: String, displayName: String, description: String = "", trackNames: [String] = [],
                location: RecipeLocation) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.trackNames = trackNames
        self.location = location
    }
}
