import Foundation
import StudioEngine

extension Builder {
    /// Every distinct render the recipes ask for — its cache key and seconds of audio — in recipe
    /// order, without rendering or opening anything but the recipes and the cache: what a
    /// benchmark needs to fill a warm cache, and what `ShardAssignment` shares out.
    public func plannedRenders() throws -> [(hash: String, seconds: Double)] {
        let plan = try BuildPlan(options: options, engines: EngineCatalogue.descriptors,
                                 cache: RenderCache(directory: options.cacheDirectory))
        var seen: Set<String> = []
        return plan.inputs.filter { seen.insert($0.hash).inserted }.map { ($0.hash, $0.recipe.durationSeconds) }
    }
}
