import Foundation
import Synchronization

/// Requests per second per credential (`--rate-limit`), as a token bucket: a credential may
/// spend `burst` requests at once, and earns `rate` back per second. A request that finds its
/// bucket empty is answered 429 with the seconds until a token is back (`Retry-After`).
///
/// Each credential has its own bucket, and the buckets are spread over shards, each with its own
/// lock held only for the arithmetic of one bucket: one caller hammering the server contends
/// with at most the callers that hash to the same shard, for nanoseconds, and never waits for
/// another's tokens. Memory is bounded: a shard holds at most `capacity / shards` buckets, and a
/// full shard first forgets buckets that have refilled (forgetting one changes nothing: a new
/// bucket starts full), then the one least recently used.
final class RateLimiter: Sendable {
    struct Settings: Sendable, Equatable {
        /// Tokens earned per second; 0 turns the limit off.
        var rate: Double
        /// The most a bucket holds: requests a caller may send at once after a quiet spell.
        var burst: Double

        static let `default` = Settings(rate: 20, burst: 40)
        var isEnabled: Bool { rate > 0 }
    }

    enum Decision: Equatable {
        case allowed
        /// Refused; whole seconds until the next token (at least 1, as `Retry-After` needs).
        case limited(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private struct Shard {
        var buckets: [String: Bucket] = [:]
    }

    /// A shard's lock (a `Mutex` cannot sit in an array itself).
    private final class LockedShard: Sendable {
        let state = Mutex(Shard())
    }

    let settings: Settings
    private let shards: [LockedShard]
    private let shardCapacity: Int
    private let clock: @Sendable () -> Double

    /// `clock` is monotonic seconds (injectable so that a test can move it).
    init(settings: Settings, shards: Int = 16, capacity: Int = 100_000,
         clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.settings = settings
        self.shards = (0..<max(1, shards)).map { _ in LockedShard() }
        shardCapacity = max(1, capacity / max(1, shards))
        self.clock = clock
    }

    /// Spends one token of `credential`'s bucket, or says how long until there is one.
    func admit(_ credential: String) -> Decision {
        guard settings.isEnabled else { return .allowed }
        let now = clock()
        let index = Int(UInt(bitPattern: credential.hashValue) % UInt(shards.count))
        let settings = settings
        let capacity = shardCapacity
        return shards[index].state.withLock { shard in
            var bucket = shard.buckets[credential] ?? Bucket(tokens: settings.burst, updated: now)
            bucket.tokens = min(settings.burst, bucket.tokens + max(0, now - bucket.updated) * settings.rate)
            bucket.updated = now
            let decision: Decision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                decision = .limited(retryAfter: max(1, Int(((1 - bucket.tokens) / settings.rate).rounded(.up))))
            }
            if shard.buckets[credential] == nil && shard.buckets.count >= capacity {
                Self.evict(from: &shard, now: now, settings: settings)
            }
            shard.buckets[credential] = bucket
            return decision
        }
    }

    /// Buckets held now, over all shards (for tests of the memory bound).
    var count: Int { shards.reduce(0) { total, shard in total + shard.state.withLock { $0.buckets.count } } }

    private static func evict(from shard: inout Shard, now: Double, settings: Settings) {
        let refilled = shard.buckets.filter { $0.value.tokens + (now - $0.value.updated) * settings.rate >= settings.burst }
        if !refilled.isEmpty {
            for key in refilled.keys { shard.buckets[key] = nil }
        } else if let oldest = shard.buckets.min(by: { $0.value.updated < $1.value.updated }) {
            shard.buckets[oldest.key] = nil
        }
    }
}
