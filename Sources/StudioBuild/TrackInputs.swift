import Foundation
import StudioCore
import StudioRecipes

/// Everything that decides a recipe track's audio, and the hash of it: its key in the render cache.
///
/// The engine version is in the hash (a new engine re-renders), so is the title (it is written
/// into the files' tags). The date tag is not: it says when the render was made, so a build on a
/// later day — or a shard that ran before midnight — finds the render already made instead of
/// making it again, and the cache keeps the date of the render that filled the entry.
struct TrackInputs: Sendable {
    let organization: String
    let recipe: RecipeTrack
    let file: String
    let seed: UInt64
    let title: String
    let engineVersion: String
    let date: String
    let hash: String

    init(organization: String, recipe: RecipeTrack, file: String, engineVersion: String, date: String) {
        self.organization = organization
        self.recipe = recipe
        self.file = file
        self.engineVersion = engineVersion
        self.date = date
        seed = recipe.seed ?? Self.defaultSeed(organization: organization, name: recipe.name)
        title = recipe.title ?? Self.titleCase(recipe.name)
        let canonical = [
            "recipe:" + recipe.contentHashInput, "seed:\(seed)", "title:" + title, "engine_version:" + engineVersion,
        ].joined(separator: "\n")
        hash = SHA256.hash(Array(canonical.utf8)).hex
    }

    /// `organization/name`, as progress lines and reports name a render.
    var displayName: String { "\(organization)/\(recipe.name)" }

    /// Without a seed in the recipe, one derived from the track's name: stable from build to
    /// build (so nothing re-renders), different from track to track.
    static func defaultSeed(organization: String, name: String) -> UInt64 {
        SHA256.hash(Array("seed:\(organization)/\(name)".utf8)).seed
    }

    /// "deep-work" → "Deep Work".
    static func titleCase(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }
}
