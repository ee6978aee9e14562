import Foundation

/// One of `count` workers sharing the renders of a build without talking to each other:
/// `studio build --shard INDEX/COUNT`, INDEX counted from 0 like Kubernetes'
/// `JOB_COMPLETION_INDEX` and a Slurm array `--array=0-(COUNT-1)`.
///
/// Which renders a shard makes is `ShardAssignment`'s: balanced by seconds of audio and computed
/// from the recipes alone, so every shard reaches the same partition whatever the others have
/// done, in whatever order they run, and a shard that is re-run takes the same share.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The most shards a build may be split into; more would be a typing mistake, not a cluster.
    public static let maximumCount = 100_000

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1 else { throw ShardError("the shard count N must be at least 1, got \(count)") }
        guard count <= Self.maximumCount else {
            throw ShardError("the shard count N must be at most \(Self.maximumCount), got \(count)")
        }
        guard (0..<count).contains(index) else {
            throw ShardError("the shard index I must be from 0 to \(count - 1) (I is counted from 0), got \(index)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, explaining exactly what is wrong with anything else.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ShardError("expected I/N (this shard's index from 0 and the number of shards, e.g. 0/4), got '\(text)'")
        }
        func number(_ part: Substring, _ name: String) throws(ShardError) -> Int {
            guard !part.isEmpty else { throw ShardError("the shard \(name) is missing in '\(text)' (expected I/N, e.g. 0/4)") }
            guard part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else {
                throw ShardError("the shard \(name) must be a whole number from 0, got '\(part)' in '\(text)'")
            }
            return value
        }
        try self.init(index: number(parts[0], "index I"), count: number(parts[1], "count N"))
    }

    /// Whether the render with this input hash is this shard's to make under `assignment`.
    public func owns(hash: String, in assignment: ShardAssignment) -> Bool {
        assignment.owners[hash] == index
    }

    public var description: String { "\(index)/\(count)" }
}

/// A `--shard` value that does not name a shard, with what was wrong with it.
public struct ShardError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
