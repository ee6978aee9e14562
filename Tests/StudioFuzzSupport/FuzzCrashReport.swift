import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names the input being run when the process dies of it.
///
/// A trap in the code under test (an overflow, an index out of range) kills the whole test
/// process; Swift prints where, but not which generated input did it. Each watchdog thread owns a
/// slot with a fixed buffer; before each input the campaign writes the input's label there. The
/// handlers of the fatal signals find the slot of the crashing thread (`pthread_self` and `write`
/// only: async-signal-safe), write its label to stderr, and hand the signal on to whatever handled
/// it before (Swift's backtracer, or the default action). Campaigns running in parallel each have
/// their own slot, so a label is never another thread's.
enum FuzzCrashReport {
    private static let slotCount = 32
    private static let capacity = 2048
    private nonisolated(unsafe) static let threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: slotCount)
    private nonisolated(unsafe) static let lengths = UnsafeMutablePointer<Int>.allocate(capacity: slotCount)
    private nonisolated(unsafe) static let buffers = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * capacity)
    private nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    private static let lock = NSLock()
    private nonisolated(unsafe) static var used = 0
    private nonisolated(unsafe) static var installed = false
    private static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// A slot for the calling thread, or nil when all are taken (the report is then just lost).
    static func claimSlot() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        installIfNeeded()
        guard used < slotCount else { return nil }
        lengths[used] = 0
        threads[used] = pthread_self()
        used += 1
        return used - 1
    }

    /// Sets the label printed if the slot's thread dies now.
    static func arm(_ slot: Int, _ label: String) {
        var text = Array("\nfuzz: the process died while running \(label)\n".utf8)
        if text.count > capacity { text = Array(text.prefix(capacity - 1)) + [10] }
        lengths[slot] = 0
        text.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffers + slot * capacity).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
        lengths[slot] = text.count
    }

    static func disarm(_ slot: Int) { lengths[slot] = 0 }

    private static func installIfNeeded() {
        guard !installed else { return }
        installed = true
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                let me = pthread_self()
                for slot in 0..<FuzzCrashReport.slotCount where slot < FuzzCrashReport.used {
                    if pthread_equal(FuzzCrashReport.threads[slot], me) != 0 && FuzzCrashReport.lengths[slot] > 0 {
                        _ = write(2, FuzzCrashReport.buffers + slot * FuzzCrashReport.capacity, FuzzCrashReport.lengths[slot])
                    }
                }
                sigaction(received, FuzzCrashReport.previous + Int(received), nil)
                raise(received)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, previous + Int(signal))
        }
    }
}
