/// One validated recipe file: the objects it declares for its organization, in the order written.
public struct RecipeFile: Sendable, Hashable {
    /// The path as the loader was given it.
    public var path: String
    /// The organization's slug.
    public var organization: String
    public var tracks: [RecipeTrack]
    public var collections: [RecipeCollection]
    public var shares: [RecipeShare]
    public var focusSessions: [RecipeFocusSession]

    public init(path: String, organization: String, tracks: [RecipeTrack] = [],
                collections: [RecipeCollection] = [], shares: [RecipeShare] = [],
                focusSessions: [RecipeFocusSession] = []) {
        self.path = path
        self.organization = organization
        self.tracks = tracks
        self.collections = collections
        self.shares = shares
        self.focusSessions = focusSessions
    }
}
