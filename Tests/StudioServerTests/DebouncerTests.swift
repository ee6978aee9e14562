import Foundation
@testable import StudioServer
import Synchronization
import Testing

/// `serve --watch` rebuilds once per burst of changes (`Debouncer`), and never two at once.
@Suite struct DebouncerTests {
    final class Calls: Sendable {
        let runs = Mutex<[[String]]>([])
        let running = Atomic<Int>(0)
        let overlapped = Atomic<Bool>(false)

        func record(_ names: [String], taking seconds: Double) {
            if running.add(1, ordering: .sequentiallyConsistent).newValue > 1 { overlapped.store(true, ordering: .sequentiallyConsistent) }
            Thread.sleep(forTimeInterval: seconds)
            runs.withLock { $0.append(names) }
            running.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    @Test func manyChangesInABurstMakeOneRunWithAllOfThem() throws {
        let calls = Calls()
        let debouncer = Debouncer(quiet: .milliseconds(150)) { calls.record($0, taking: 0) }
        for index in 0..<100 {
            debouncer.note("recipes/\(index % 7).json5")
            Thread.sleep(forTimeInterval: 0.002)
        }
        Thread.sleep(forTimeInterval: 0.6)
        let runs = calls.runs.withLock { $0 }
        #expect(runs.count == 1, "\(runs)")
        #expect(runs.first == (0..<7).map { "recipes/\($0).json5" }.sorted())
    }

    @Test func changesDuringARunMakeOneMoreRunAfterItAndRunsNeverOverlap() throws {
        let calls = Calls()
        let debouncer = Debouncer(quiet: .milliseconds(50)) { calls.record($0, taking: 0.4) }
        debouncer.note("a")
        Thread.sleep(forTimeInterval: 0.15)  // the first run has started and takes 0.4 s
        for name in ["b", "c", "b"] { debouncer.note(name) }
        Thread.sleep(forTimeInterval: 1.2)
        #expect(calls.runs.withLock { $0 } == [["a"], ["b", "c"]])
        let overlapped = calls.overlapped.load(ordering: .sequentiallyConsistent)
        #expect(!overlapped)
    }

    @Test func separateQuietSpellsMakeSeparateRuns() throws {
        let calls = Calls()
        let debouncer = Debouncer(quiet: .milliseconds(50)) { calls.record($0, taking: 0) }
        debouncer.note("a")
        Thread.sleep(forTimeInterval: 0.3)
        debouncer.note("b")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(calls.runs.withLock { $0 } == [["a"], ["b"]])
    }
}
