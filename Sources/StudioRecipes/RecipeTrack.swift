import StudioCore

/// A track declared in a recipe: what to render, and what to do with it afterwards.
public struct RecipeTrack: Sendable, Hashable {
    /// The recipe-local name (the key under `tracks`), unique within the organization.
    public var name: String
    public var engineKey: String
    public var prompt: String
    public var durationSeconds: Double
    public var bpm: Double?
    public var key: MusicalKey?
    /// Nil when the recipe leaves the seed to the build.
    public var seed: UInt64?
    public var stems: Bool
    /// In the order written, without repeats; never empty.
    public var formats: [AudioFormat]
    public var title: String?
    /// Whether the build saves the track into the library of the organization's owner.
    public var save: Bool
    public var location: RecipeLocation

    /// The formats a track gets when its recipe names none.
    public static let defaultFormats: [AudioFormat] = [.flac]

    public init(
        name: String, engineKey: String, prompt: String, durationSeconds: Double,
        bpm: Double? = nil, key: MusicalKey? = nil, seed: UInt64? = nil, stems: Bool = false,
        formats: [AudioFormat] = RecipeTrack.defaultFormats, title: String? = nil, save: Bool = false,
        location: RecipeLocation
    ) {
        self.name = name
        self.engineKey = engineKey
        self.prompt = prompt
        self.durationSeconds = durationSeconds
        self.bpm = bpm
        self.key = key
        self.seed = seed
        self.stems = stems
        self.formats = formats
        self.title = title
        self.save = save
        self.location = location
    }
}
