import Foundation
import StudioCore
@testable import StudioServer
import Testing

/// The limiter on its own: the memory bound and the refill arithmetic, with a clock the test moves.
@Suite struct RateLimiterTests {
    final class Clock: @unchecked Sendable {
        // @unchecked: the tests below call the limiter from one thread.
        var seconds = 0.0
    }

    @Test func aBucketSpendsItsBurstThenRefillsAtTheRate() {
        let clock = Clock()
        let limiter = RateLimiter(settings: .init(rate: 2, burst: 3), clock: { clock.seconds })
        for _ in 0..<3 { #expect(limiter.admit("a") == .allowed) }
        #expect(limiter.admit("a") == .limited(retryAfter: 1))
        #expect(limiter.admit("b") == .allowed, "another credential has its own bucket")
        clock.seconds += 0.5   // one token back at 2 per second
        #expect(limiter.admit("a") == .allowed)
        #expect(limiter.admit("a") == .limited(retryAfter: 1))
    }

    @Test func aSlowRateAsksForMoreThanASecond() {
        let limiter = RateLimiter(settings: .init(rate: 0.25, burst: 1), clock: { 0 })
        #expect(limiter.admit("a") == .allowed)
        #expect(limiter.admit("a") == .limited(retryAfter: 4))
    }

    @Test func manyCredentialsStayWithinTheCapacity() {
        let clock = Clock()
        let limiter = RateLimiter(settings: .init(rate: 1, burst: 2), shards: 4, capacity: 400, clock: { clock.seconds })
        for index in 0..<10_000 {
            _ = limiter.admit("credential-\(index)")
            clock.seconds += 0.001
        }
        #expect(limiter.count <= 400)
        // A caller in the middle of its burst is not forgotten for the newcomers: it was used last.
        _ = limiter.admit("busy")
        _ = limiter.admit("busy")
        for index in 0..<50 { _ = limiter.admit("late-\(index)") }
        #expect(limiter.admit("busy") == .limited(retryAfter: 1))
    }
}

extension LiveServerTests {
    /// Issue #13 item 8: `--rate-limit` answers 429 with `Retry-After` and `rate_limited`, per
    /// credential, and a refused request stores nothing.
    @Suite struct RateLimitTests {
        @Test func aCredentialPastItsBurstGets429AndOthersDoNot() async throws {
            try await StudioTestServer.with(configure: { $0.rateLimitPerSecond = 1; $0.rateLimitBurst = 3 }) { s in
                for _ in 0..<3 {
                    #expect(try await s.send("GET", "\(s.p())/engines", auth: s.userA.auth).status == 200)
                }
                let limited = try await s.send("GET", "\(s.p())/engines", auth: s.userA.auth)
                #expect(limited.status == 429, "\(limited.text)")
                #expect(limited.isJSONError && limited.errorCode == "rate_limited")
                #expect(limited.json["error"]?["type"] == "rate_limit_error")
                let retryAfter = try #require(limited.headers["Retry-After"].flatMap { Int($0) })
                #expect(retryAfter == 1, "one token a second: the next is at most a second away")
                // A generation past the limit is refused before it is read: nothing is stored.
                let generation = try await s.createGeneration(s.userA, duration: 1)
                #expect(generation.status == 429)
                // Another user of the same organization, and another organization's API key, are not slowed.
                #expect(try await s.send("GET", "\(s.p())/engines", auth: s.userB.auth).status == 200)
                #expect(try await s.send("GET", "\(s.p(s.org2))/engines", auth: .apiKey(s.keyC)).status == 200)
                let jobs = try await s.send("GET", "\(s.p())/generations", auth: s.userB.auth)
                #expect(jobs["data"]?.array?.count == 0, "a rate-limited generation created a job: \(jobs.text)")
                // Unauthenticated requests are not counted against anyone (401 as before).
                #expect(try await s.send("GET", "\(s.p())/engines").status == 401)
                // After Retry-After, the credential is served again.
                try await Task.sleep(for: .seconds(Double(retryAfter) + 0.1))
                #expect(try await s.send("GET", "\(s.p())/engines", auth: s.userA.auth).status == 200)
            }
        }

        @Test func refusedGenerationsCountAgainstTheLimit() async throws {
            try await StudioTestServer.with(monthlyQuotaSeconds: 1, configure: { $0.rateLimitPerSecond = 0.5; $0.rateLimitBurst = 5 }) { s in
                var statuses: [Int] = []
                for _ in 0..<8 { statuses.append(try await s.createGeneration(s.userA, duration: 5).status) }
                #expect(statuses == [202, 202, 202, 202, 202, 429, 429, 429], "\(statuses)")
                let jobs = try await s.send("GET", "\(s.p())/generations?status=refused", auth: s.userB.auth)
                #expect(jobs["data"]?.array?.count == 5, "each refused generation is stored, but only those the limit let in")
            }
        }

        @Test func theDocumentDeclares429WithRetryAfterOnEveryAuthenticatedOperation() async throws {
            try await StudioTestServer.with { s in
                let document = try await s.send("GET", "/v1/openapi.json").json
                var checked = 0
                for (path, item) in document["paths"]?.object ?? [:] {
                    for (method, operation) in item.object ?? [:] where operation["security"]?.array?.isEmpty == false {
                        let response = operation["responses"]?["429"]
                        #expect(response?["headers"]?["Retry-After"]?["required"] == true, "\(method) \(path)")
                        #expect(response?["content"]?["application/json"] != nil, "\(method) \(path)")
                        checked += 1
                    }
                }
                #expect(checked == s.app.router.routes.filter(\.operation.authenticated).count)
            }
        }
    }
}
