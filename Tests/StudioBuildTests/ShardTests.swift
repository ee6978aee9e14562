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
        #expect(try Shard(parsing: "0/1").owns(hash: SHA256.hash(Array("x".utf8)).hex), "one shard owns everything")
    }

    @Test func everyHashBelongsToExactlyOneShardAndTheSharesAreEven() throws {
        let hashes = (0..<3000).map { SHA256.hash(Array("render \($0)".utf8)).hex }
        for count in [2, 3, 7] {
            let shards = try (0..<count).map { try Shard(index: $0, count: count) }
            var sizes = Array(repeating: 0, count: count)
            for hash in hashes {
                let owners = shards.filter { $0.owns(hash: hash) }
                #expect(owners.count == 1, "\(hash) has \(owners.count) owners among \(count)")
                if let owner = owners.first { sizes[owner.index] += 1 }
            }
            let expected = Double(hashes.count) / Double(count)
            #expect(sizes.allSatisfy { abs(Double($0) - expected) < expected * 0.15 }, "uneven shares for \(count): \(sizes)")
        }
        // The partition is a function of the hash alone: the same answer on any machine, any run.
        let known = "ff87324a220689a4b1dfb499481c12148110c195527f6f8a65b84e73517bb1a9"
        #expect(try Shard(index: Int(UInt64(0xff87324a220689a4) % 3), count: 3).owns(hash: known))
    }
}
