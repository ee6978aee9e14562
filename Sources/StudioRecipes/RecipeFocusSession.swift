/// A focus session declared in a recipe (CONTRACT §6 focus request).
public struct RecipeFocusSession: Sendable, Hashable {
    /// The recipe-local name (the key under `focus`), unique within the organization.
    public var name: String
    public var engineKey: String
    public var prompt: String
    public var targetSeconds: Double
    public var segmentSeconds: Double
    public var crossfadeSeconds: Double
    public var location: RecipeLocation

    public static let defaultSegmentSeconds = 60.0
    public static let defaultCrossfadeSeconds = 6.0
    /// A session longer than a working day is a mistake, not a plan.
    public static let maximumTargetSeconds = 8.0 * 3600

    public init(name: String, engineKey: String, prompt: String, targetSeconds: Double,
                segmentSeconds: Double = RecipeFocusSession.defaultSegmentSeconds,
                crossfadeSeconds: Double = RecipeFocusSession.defaultCrossfadeSeconds,
                location: RecipeLocation) {
        self.name = name
        self.engineKey = engineKey
        self.prompt = prompt
        self.targetSeconds = targetSeconds
        self.segmentSeconds = segmentSeconds
        self.crossfadeSeconds = crossfadeSeconds
        self.location = location
    }
}
