import Foundation
import StudioBuild
import StudioCore
import Testing

/// `Shard`: the I/N parser's errors, and a partition every shard computes alike.
@Suite struct ShardTests {
    @Test(arguments: [
        ("0/0", "at least 1"), ("3/3", "from 0 to 2"), ("a/b", "'a'"), ("-1/2", "'-1'"), ("1", "expected I/N"),
        ("1/", "count N is missing"), ("/2", "index I is missing"), ("1/2/3", "expected I/N"), ("0/x", "'x'"),
        ("0/100001", "at most 100000"), (" 0/2", "' 0'"),
    ])
    func aBadShardSaysWhatIsWrong(text: String, words: String) {
        #expect(throws: ShardError.self) { try Shard(parsing: text) }
        do {
            _ = try Shard(parsing: text)
        } catch {
            #expect(error.description.contains(words), "\(text): \(error.description)")
        }
    }

    @Test func aGoodShardParses() throws {
        let shard = try Shard(parsing: "2/5")
        #expect(shard.index == 2 && shard.count == 5 && shard.description == "2/5")
        let one = ShardAssignment(renders: [(SHA256.hash(Array("x".utf8)).hex, 30)], shardCount: 1)
        #expect(try Shard(parsing: "0/1").owns(hash: SHA256.hash(Array("x".utf8)).hex, in: one), "one shard owns everything")
    }

    /// Mixed lengths from 5 s to 10 min, drawn from a fixed seed.
    static func renders(_ count: Int, seed: UInt64) -> [(hash: String, seconds: Double)] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            (SHA256.hash(Array("render \(seed) \(index)".utf8)).hex, Double(Int.random(in: 5...600, using: &random)))
        }
    }

    @Test func everyRenderBelongsToExactlyOneShardAndTheSecondsAreBalanced() throws {
        for (count, shards, seed) in [(12, 4, 1), (40, 3, 2), (200, 7, 3), (3000, 16, 4), (13, 4, 5), (16, 4, 6)] as [(Int, Int, UInt64)] {
            let renders = Self.renders(count, seed: seed)
            let assignment = ShardAssignment(renders: renders, shardCount: shards)
            #expect(Set(assignment.owners.keys) == Set(renders.map(\.hash)))
            #expect(assignment.owners.values.allSatisfy { (0..<shards).contains($0) })
            let total = renders.reduce(0) { $0 + $1.seconds }
            #expect(abs(assignment.plannedSeconds.reduce(0, +) - total) < 1e-6)
            // The greedy's bounds: within one render of the mean, and within 1.5× of it for these sets.
            let mean = total / Double(shards)
            #expect(assignment.plannedSeconds.max()! <= mean + renders.map(\.seconds).max()!)
            #expect(assignment.imbalance <= 1.5, "\(count) renders over \(shards) shards: \(assignment.plannedSeconds)")
        }
    }

    @Test func theAssignmentDependsOnTheRendersAloneNotOnTheirOrderOrDuplicates() throws {
        let renders = Self.renders(50, seed: 9)
        let assignment = ShardAssignment(renders: renders, shardCount: 5)
        #expect(ShardAssignment(renders: renders.reversed(), shardCount: 5) == assignment)
        #expect(ShardAssignment(renders: renders + renders.prefix(10), shardCount: 5) == assignment, "a hash listed twice counts once")
        // Four long and four short: by count each shard would get two of either; by seconds each
        // gets one long and one short.
        let mixed = (0..<8).map { (SHA256.hash(Array("m\($0)".utf8)).hex, $0 < 4 ? 600.0 : 10.0) }
        #expect(ShardAssignment(renders: mixed, shardCount: 4).plannedSeconds == [610, 610, 610, 610])
    }
}
