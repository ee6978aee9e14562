/// What reading one file yields before the files are checked against each other: the objects
/// that passed their own checks, and every name declared or referred to, with its place, so that
/// duplicates and dangling references can be reported even when an object itself was invalid.
struct RecipeFileDraft: Sendable {
    struct Name: Sendable {
        var name: String
        var position: SourcePosition
    }

    struct Reference: Sendable {
        enum Kind: String, Sendable { case track, collection }
        var kind: Kind
        var name: String
        var position: SourcePosition
        /// Who refers, for the message: `collection "morning"`, `shares[1]`.
        var referrer: String
    }

    var path: String
    /// False when the file could not be parsed; its declarations are then unknown.
    var parsed = true
    var organization: String?
    var declaredTracks: [Name] = []
    var declaredCollections: [Name] = []
    var declaredFocusSessions: [Name] = []
    var references: [Reference] = []

    var tracks: [RecipeTrack] = []
    var collections: [RecipeCollection] = []
    var shares: [RecipeShare] = []
    var focusSessions: [RecipeFocusSession] = []

    init(path: String) {
        self.path = path
    }
}
