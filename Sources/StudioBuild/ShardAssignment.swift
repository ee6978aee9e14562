/// Which shard makes which render, balanced by seconds of audio rather than by count: a shard of
/// four 10-minute tracks and one of four 10-second tracks are not the same night's work.
///
/// Longest first, each render goes to the shard with the fewest planned seconds so far (ties to
/// the lowest index) — the classic greedy that keeps the largest shard within 4/3 of the best
/// possible split, and within one render of the mean. It runs over every distinct render the
/// recipes ask for, cached or not, ordered by length and then by hash, so every shard computes the
/// same assignment from the recipes alone, whatever the cache holds when it starts: a shard that
/// is re-run takes exactly the part of its assignment the cache still lacks.
public struct ShardAssignment: Sendable, Equatable {
    /// The shard of each render, by its input hash.
    public let owners: [String: Int]
    /// The seconds of audio assigned to each shard, cached renders included.
    public let plannedSeconds: [Double]

    /// `renders` are (input hash, seconds of audio); a hash listed twice counts once.
    public init(renders: [(hash: String, seconds: Double)], shardCount: Int) {
        var seen: Set<String> = []
        let distinct = renders.filter { seen.insert($0.hash).inserted }
            .sorted { ($0.seconds, $1.hash) > ($1.seconds, $0.hash) }
        var planned = Array(repeating: 0.0, count: max(1, shardCount))
        var owners: [String: Int] = [:]
        for render in distinct {
            let lightest = planned.indices.min { (planned[$0], $0) < (planned[$1], $1) }!
            owners[render.hash] = lightest
            planned[lightest] += render.seconds
        }
        self.owners = owners
        self.plannedSeconds = planned
    }

    /// The largest shard's planned seconds over the mean: 1 is a perfect split.
    public var imbalance: Double {
        let mean = plannedSeconds.reduce(0, +) / Double(plannedSeconds.count)
        return mean > 0 ? (plannedSeconds.max() ?? 0) / mean : 1
    }
}
