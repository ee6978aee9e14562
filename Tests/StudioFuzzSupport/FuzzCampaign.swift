import Foundation

/// A bounded, reproducible fuzz run: generated inputs, each checked under a watchdog.
///
/// Bounded twice — by a number of iterations and by a time budget, whichever ends first — so CI
/// time is predictable on a slow machine, and reproducible because input `n` depends only on the
/// seed and `n` (`FuzzRandom(seed:iteration:)`). A failure names the campaign, the seed, the
/// iteration and the input, and how to run just that input again:
///
///     FUZZ_SEED=0x5EED FUZZ_ITERATION=1234 swift test --filter RangeFuzzTests
///
/// Environment overrides, for longer local runs: `FUZZ_SEED`, `FUZZ_ITERATIONS` (a count),
/// `FUZZ_SECONDS` (the time budget), `FUZZ_ITERATION` (one input only).
public struct FuzzCampaign: Sendable {
    public let name: String
    public let seed: UInt64
    public let iterations: Range<Int>
    public let timeBudget: Double
    /// Seconds of CPU one input may take before it counts as a hang.
    public let inputDeadline: Double
    /// A campaign stops after this many failing inputs: the first few say it all.
    public let maximumFailures = 5
    /// Held by the campaign that is running (on its own thread, never on the cooperative pool).
    private static let oneAtATime = DispatchSemaphore(value: 1)

    public init(_ name: String, seed: UInt64, iterations: Int, seconds: Double, inputDeadline: Double = 1) {
        let environment = ProcessInfo.processInfo.environment
        self.name = name
        self.seed = environment["FUZZ_SEED"].flatMap(Self.parseSeed) ?? seed
        if let only = environment["FUZZ_ITERATION"].flatMap({ Int($0) }) {
            self.iterations = only..<(only + 1)
        } else {
            self.iterations = 0..<(environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? iterations)
        }
        self.timeBudget = environment["FUZZ_SECONDS"].flatMap { Double($0) } ?? seconds
        self.inputDeadline = inputDeadline
    }

    /// What a run did: how many inputs, how long, and what failed.
    public struct Report: Sendable, CustomStringConvertible {
        public var name: String
        public var seed: UInt64
        public var inputs = 0
        public var seconds = 0.0
        public var failures: [String] = []
        /// Counts the check chose to keep (e.g. how many inputs parsed, how many were refused).
        public var tallies: [String: Int] = [:]

        public var description: String {
            let counts = tallies.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "fuzz \(name): \(inputs) inputs in \(String(format: "%.2f", seconds)) s, seed 0x\(String(seed, radix: 16))"
                + (counts.isEmpty ? "" : " (\(counts))") + (failures.isEmpty ? "" : ", \(failures.count) FAILED")
        }
    }

    /// What checking one input found: problems (empty when it passed) and a tally key.
    public struct Verdict: Sendable {
        public var problems: [String]
        public var tally: String?

        public init(problems: [String] = [], tally: String? = nil) {
            self.problems = problems
            self.tally = tally
        }

        public static func pass(_ tally: String? = nil) -> Verdict { Verdict(tally: tally) }
        public static func fail(_ problem: String) -> Verdict { Verdict(problems: [problem]) }
    }

    /// Runs the campaign on threads of its own and returns its report. The report's `failures`
    /// are complete messages, ready for `Issue.record`; the summary line is printed so CI logs show
    /// how much was tried.
    ///
    /// The caller only awaits: no thread of Swift's cooperative pool is held while inputs run (on
    /// a two-core machine the pool has two threads, and the server tests' responders need them).
    /// Campaigns run one at a time, so that together they keep about one core busy rather than
    /// starving the timing-sensitive tests that run beside them.
    public func run<Input: Sendable>(generate: @escaping @Sendable (inout FuzzRandom, Int) -> Input,
                                     describe: @escaping @Sendable (Input) -> String,
                                     check: @escaping @Sendable (Input) -> Verdict) async -> Report {
        await withCheckedContinuation { continuation in
            let runner = Thread {
                Self.oneAtATime.wait()
                defer { Self.oneAtATime.signal() }
                continuation.resume(returning: runHere(generate: generate, describe: describe, check: check))
            }
            runner.name = "fuzz-\(name)"
            runner.start()
        }
    }

    /// The campaign itself, on the calling thread: generates each input there and checks it on
    /// the watchdog's thread, waiting for it at most the deadline.
    private func runHere<Input: Sendable>(generate: (inout FuzzRandom, Int) -> Input, describe: (Input) -> String,
                                          check: @escaping @Sendable (Input) -> Verdict) -> Report {
        let watchdog = FuzzWatchdog(deadline: inputDeadline)
        defer { watchdog.stop() }
        var report = Report(name: name, seed: seed)
        let started = Date()
        let result = VerdictBox()
        for iteration in iterations {
            if Date().timeIntervalSince(started) > timeBudget || report.failures.count >= maximumFailures { break }
            var random = FuzzRandom(seed: seed, iteration: iteration)
            let input = generate(&random, iteration)
            let place = "\(name), seed 0x\(String(seed, radix: 16)), iteration \(iteration) (FUZZ_SEED=0x\(String(seed, radix: 16)) FUZZ_ITERATION=\(iteration))"
            let outcome = watchdog.run(label: "\(place): \(describe(input))") { result.set(check(input)) }
            report.inputs += 1
            switch outcome {
            case .hung(let cpu, let wall):
                report.failures.append("\(place): no answer after \(String(format: "%.1f", cpu)) s of CPU "
                                       + "(\(String(format: "%.1f", wall)) s on the clock); the input: \(describe(input))")
                report.seconds = Date().timeIntervalSince(started)
                print(report)
                return report  // the thread is stuck: nothing more can run on it
            case .finished:
                let verdict = result.take()
                if let tally = verdict.tally { report.tallies[tally, default: 0] += 1 }
                if !verdict.problems.isEmpty {
                    report.failures.append("\(place): \(verdict.problems.joined(separator: "; ")); the input: \(describe(input))")
                }
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        print(report)
        return report
    }

    static func parseSeed(_ text: String) -> UInt64? {
        text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }
}

/// Hands a verdict from the watchdog's thread to the campaign's (the watchdog's condition orders
/// the write before the read; the lock makes that plain to the checker).
final class VerdictBox: @unchecked Sendable {
    private let lock = NSLock()
    private var verdict: FuzzCampaign.Verdict?

    func set(_ value: FuzzCampaign.Verdict) { lock.withLock { verdict = value } }
    func take() -> FuzzCampaign.Verdict { lock.withLock { defer { verdict = nil }; return verdict ?? .fail("the check returned nothing") } }
}
