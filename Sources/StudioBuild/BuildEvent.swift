import Foundation
import StudioPublish

/// What a build tells its caller as it goes, so that the CLI can draw a progress bar on a
/// terminal and plain lines elsewhere.
public enum BuildEvent: Sendable {
    /// The plan: how many renders, and how many seconds of audio they make.
    case planned(renders: Int, audioSeconds: Double, unchanged: Int)
    /// A shard's plan: its own renders, what the cache holds, what the other shards will make,
    /// and every shard's planned seconds of audio over the whole plan.
    case shardPlanned(shard: Shard, renders: Int, audioSeconds: Double, cached: Int, otherShards: Int, plannedSeconds: [Double])
    case renderStarted(name: String)
    /// Overall render progress, 0…1, weighted by audio length.
    case renderProgress(Double)
    case renderFinished(name: String, seconds: Double)
    case applied(BuildChanges)
    case published(PublishReport)
}

/// How the state changed, counted per kind of object.
public struct BuildChanges: Sendable, Equatable {
    public var created: [String: Int] = [:]
    public var updated: [String: Int] = [:]
    public var deleted: [String: Int] = [:]
    public var notes: [String] = []

    public init() {}

    public var isEmpty: Bool { created.isEmpty && updated.isEmpty && deleted.isEmpty }

    mutating func create(_ kind: String) { created[kind, default: 0] += 1 }
    mutating func update(_ kind: String) { updated[kind, default: 0] += 1 }
    mutating func delete(_ kind: String) { deleted[kind, default: 0] += 1 }
}

/// What a finished build did.
public struct BuildReport: Sendable {
    public var rendered: [String]
    public var reused: Int
    public var changes: BuildChanges
    public var publish: PublishReport
    /// Share pages by recipe, for `make demo` to print: (organization, target name, URL).
    public var shareURLs: [(organization: String, target: String, url: String)]
}

/// Why a build stopped.
public enum BuildError: Error, CustomStringConvertible {
    /// The recipes do not validate; the message lists every problem, one per line.
    case invalidRecipes(String)
    case renderFailed(name: String, reason: String)
    case state(String)

    public var description: String {
        switch self {
        case .invalidRecipes(let problems): problems
        case .renderFailed(let name, let reason): "render of \(name) failed: \(reason)"
        case .state(let message): message
        }
    }
}
