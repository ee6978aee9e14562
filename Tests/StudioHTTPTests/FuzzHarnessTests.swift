import Foundation
import StudioFuzzSupport
import Testing

/// The fuzz harness itself: a hang must fail the campaign promptly, naming the input, or the
/// fuzz tests would stall CI instead of failing it.
@Suite struct FuzzHarnessTests {
    /// Lets the deliberately stuck input end once the test has its answer, so it does not spin
    /// for the rest of the run.
    final class Latch: @unchecked Sendable {
        private let lock = NSLock()
        private var open = false
        func release() { lock.withLock { open = true } }
        var isOpen: Bool { lock.withLock { open } }
    }

    @Test func anInputThatSpinsFailsTheCampaignNamingIt() async {
        let latch = Latch()
        let report = await FuzzCampaign("hang check", seed: 7, iterations: 10, seconds: 30, inputDeadline: 0.2).run(
            generate: { _, iteration in iteration },
            describe: { "input \($0)" },
            check: { iteration in
                if iteration == 3 { while !latch.isOpen {} }  // a parser stuck in a loop
                return .pass()
            })
        latch.release()
        #expect(report.inputs == 4)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.contains("iteration 3 (FUZZ_SEED=0x7 FUZZ_ITERATION=3): no answer after") == true)
        #expect(report.failures.first?.hasSuffix("the input: input 3") == true)
        #expect(report.seconds < 10)  // from the campaign's start: campaigns queue behind each other
    }

    @Test func inputsDependOnlyOnTheSeedAndTheIteration() {
        var a = FuzzRandom(seed: 42, iteration: 1000), b = FuzzRandom(seed: 42, iteration: 1000), c = FuzzRandom(seed: 42, iteration: 1001)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }
}
