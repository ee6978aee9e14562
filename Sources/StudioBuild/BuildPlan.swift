import Foundation
import StudioCore
import StudioRecipes

/// The load, validate and plan stages: the recipes, every track's inputs and hash, and which of
/// those hashes the render cache already holds. Reads the recipes and the cache; writes nothing,
/// so a shard and a full build plan the same way.
struct BuildPlan {
    let recipes: RecipeSet
    /// One per recipe track, in recipe order.
    let inputs: [TrackInputs]
    /// The cache's entries for the hashes it holds, by hash.
    var entries: [String: RenderCache.Entry]
    /// One input per distinct hash that the cache lacks, in recipe order.
    let pending: [TrackInputs]

    init(options: BuildOptions, engines: [EngineDescriptor], cache: RenderCache) throws {
        switch RecipeLoader.load(directory: options.recipesDirectory, engines: engines) {
        case .success(let set): recipes = set
        case .failure(let errors): throw BuildError.invalidRecipes(errors.description)
        }
        let versions = Dictionary(engines.map { ($0.engineKey, $0.version) }, uniquingKeysWith: { a, _ in a })
        inputs = recipes.files.flatMap { file in
            file.tracks.map { TrackInputs(organization: file.organization, recipe: $0, file: file.path,
                                          engineVersion: versions[$0.engineKey] ?? "?", date: options.date) }
        }
        var entries: [String: RenderCache.Entry] = [:]
        var pending: [TrackInputs] = []
        var pendingHashes: Set<String> = []
        // Each distinct hash is looked up in the cache once (a read and a decode of its report).
        for input in inputs where entries[input.hash] == nil && !pendingHashes.contains(input.hash) {
            if let entry = cache.entry(input.hash) { entries[input.hash] = entry } else {
                pending.append(input)
                pendingHashes.insert(input.hash)
            }
        }
        self.entries = entries
        self.pending = pending
    }

    /// Every distinct render the recipes ask for, cached or not, shared out among `count` shards.
    func assignment(shardCount: Int) -> ShardAssignment {
        ShardAssignment(renders: inputs.map { ($0.hash, $0.recipe.durationSeconds) }, shardCount: shardCount)
    }

    /// How many distinct renders the recipes ask for.
    var distinctRenders: Int { entries.count + pending.count }
}
