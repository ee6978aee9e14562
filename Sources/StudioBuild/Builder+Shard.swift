import Foundation
import StudioEngine

extension Builder {
    /// `studio build --shard I/N`: load, validate and plan like a build, then render this shard's
    /// share of what the cache lacks into the cache — and nothing else. No state is opened or
    /// created, no page is written, so any number of shards can run at once on machines that
    /// share only the cache directory, and a shard that died is simply run again. The ordinary
    /// build that follows finds every render the shards made and renders none of them again.
    public func renderShard(_ shard: Shard, events: @escaping @Sendable (BuildEvent) -> Void = { _ in }) throws -> ShardReport {
        let cache = RenderCache(directory: options.cacheDirectory)
        let plan = try BuildPlan(options: options, engines: EngineCatalogue.descriptors, cache: cache)
        let assignment = plan.assignment(shardCount: shard.count)
        let mine = plan.pending.filter { shard.owns(hash: $0.hash, in: assignment) }
        events(.shardPlanned(shard: shard, renders: mine.count, audioSeconds: mine.reduce(0) { $0 + $1.recipe.durationSeconds },
                             cached: plan.entries.count, otherShards: plan.pending.count - mine.count,
                             plannedSeconds: assignment.plannedSeconds))
        _ = try render(mine, cache: cache, events: events)
        return ShardReport(shard: shard, rendered: mine.map(\.displayName), renderedHashes: mine.map(\.hash),
                           cached: plan.entries.count, otherShards: plan.pending.count - mine.count,
                           distinctRenders: plan.distinctRenders, plannedSeconds: assignment.plannedSeconds)
    }
}

/// What one shard did. Counts are of distinct renders (two tracks with the same inputs share one).
public struct ShardReport: Sendable {
    public let shard: Shard
    /// `organization/track` of each render this shard made, in recipe order.
    public let rendered: [String]
    /// Their cache keys.
    public let renderedHashes: [String]
    /// Renders the cache already held when this shard planned.
    public let cached: Int
    /// Renders missing from the cache that belong to the other shards.
    public let otherShards: Int
    /// Every render the recipes ask for.
    public let distinctRenders: Int
    /// Seconds of audio assigned to each shard over the whole plan (cached renders included),
    /// indexed by shard: the same list from every shard.
    public let plannedSeconds: [Double]
}
