import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs each input on a thread of its own and gives up on it after a deadline, so that an input
/// that loops forever fails the test instead of stalling CI.
///
/// The input runs on a dedicated `Thread`, never on Swift's cooperative pool, and the deadline is
/// measured in that thread's CPU time as well as wall time: on a loaded two-core CI machine a
/// thread can wait a long while for a core, and that wait must not count as the parser's. An input
/// is declared hung when its thread has burnt more than `deadline` seconds of CPU, or when
/// `wallLimitFactor` times that has passed on the clock whatever the CPU says (a deadlock burns none).
/// A hung thread cannot be stopped; it is abandoned, and the watchdog refuses further work.
public final class FuzzWatchdog: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `condition`.
    private let condition = NSCondition()
    private var job: (@Sendable () -> Void)?
    private var finished = true
    private var cpuClock: clockid_t?
    private var isAbandoned = false
    private var isStopping = false
    /// The thread's slot in `FuzzCrashReport`.
    private var crashSlot: Int?
    public let deadline: Double
    public let wallLimitFactor: Double

    public init(deadline: Double = 1, wallLimitFactor: Double = 5) {
        self.deadline = deadline
        self.wallLimitFactor = wallLimitFactor
        let thread = Thread { [self] in work() }
        thread.name = "fuzz-watchdog"
        thread.stackSize = 8 << 20  // deep recursion in a parser must overflow here only if it would in the server
        thread.start()
    }

    deinit { stop() }

    public enum Outcome: Sendable, Equatable {
        case finished
        /// Past the deadline; `cpuSeconds` and `wallSeconds` say how far.
        case hung(cpuSeconds: Double, wallSeconds: Double)
    }

    /// Runs `body` on the watchdog's thread and waits for it, at most until the deadline.
    /// `label` names the input if the process dies while running it.
    public func run(label: @autoclosure () -> String, _ body: @escaping @Sendable () -> Void) -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        precondition(!isAbandoned, "a watchdog whose thread hung cannot run more inputs")
        while cpuClock == nil { condition.wait() }  // the thread has started
        if let crashSlot { FuzzCrashReport.arm(crashSlot, label()) }
        job = body
        finished = false
        condition.broadcast()
        let startWall = Date()
        let startCPU = cpuSeconds()
        while !finished {
            _ = condition.wait(until: Date(timeIntervalSinceNow: min(0.05, deadline)))
            if finished { break }
            let wall = Date().timeIntervalSince(startWall)
            let cpu = cpuSeconds() - startCPU
            if cpu > deadline || wall > deadline * wallLimitFactor {
                isAbandoned = true
                return .hung(cpuSeconds: cpu, wallSeconds: wall)
            }
        }
        if let crashSlot { FuzzCrashReport.disarm(crashSlot) }
        return .finished
    }

    /// Lets the thread end once it is idle (a hung one never does; it dies with the process).
    public func stop() {
        condition.lock()
        isStopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// CPU seconds the worker thread has used; called with `condition` held.
    private func cpuSeconds() -> Double {
        guard let clock = cpuClock else { return 0 }
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func work() {
        var clock = clockid_t()
        let status = pthread_getcpuclockid(pthread_self(), &clock)
        let slot = FuzzCrashReport.claimSlot()
        condition.lock()
        crashSlot = slot
        cpuClock = status == 0 ? clock : CLOCK_MONOTONIC  // without a thread clock, wall time stands in
        condition.broadcast()
        while true {
            while job == nil && !isStopping { condition.wait() }
            guard let body = job else { condition.unlock(); return }
            job = nil
            condition.unlock()
            body()
            condition.lock()
            finished = true
            condition.broadcast()
        }
    }
}
