#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import CLinuxIO

/// One thread waiting on an epoll set: every socket of the server is non-blocking and registered
/// here, so a slow client costs a few hundred bytes of state and no thread.
///
/// Everything that touches a connection runs on this thread. Other threads (the responders'
/// tasks, `stop()`) hand it work with `execute(_:)`, which queues a job and wakes the loop
/// through an eventfd.
final class EventLoop: Sendable {
    /// What a registration is called back with: the id it was registered under, and the events.
    typealias Handler = (_ id: UInt64, _ events: UInt32) -> Void

    static let readable = EPOLLIN.rawValue
    static let writable = EPOLLOUT.rawValue
    static let hangUp = EPOLLHUP.rawValue | EPOLLERR.rawValue

    private let epoll: Int32
    private let wakeup: Int32
    private let jobs = Mutex<(queue: [@Sendable () -> Void], open: Bool)>(([], true))
    /// The id the eventfd is registered under; connection ids start above it.
    static let wakeupID: UInt64 = 0

    init() throws(HTTPServerError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw HTTPServerError("epoll_create1") }
        wakeup = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeup >= 0 else {
            Glibc.close(epoll)
            throw HTTPServerError("eventfd")
        }
        register(wakeup, id: Self.wakeupID, events: Self.readable)
    }

    /// Runs `job` on the loop's thread soon. Returns false (and drops the job) once the loop has
    /// ended.
    @discardableResult
    func execute(_ job: @escaping @Sendable () -> Void) -> Bool {
        let queued = jobs.withLock { jobs in
            guard jobs.open else { return false }
            jobs.queue.append(job)
            return true
        }
        if queued {
            var one: UInt64 = 1
            _ = write(wakeup, &one, 8)
        }
        return queued
    }

    func register(_ fd: Int32, id: UInt64, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: id))
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    func modify(_ fd: Int32, id: UInt64, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: id))
        epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    func unregister(_ fd: Int32) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
    }

    /// Waits for events and runs handlers and jobs until `shouldContinue` says stop; `tick` runs
    /// at least every `tickInterval()` milliseconds (for deadlines). Call on the loop's thread.
    func run(handler: Handler, tick: () -> Void, tickInterval: () -> Int32, shouldContinue: () -> Bool) {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while shouldContinue() {
            let count = epoll_wait(epoll, events, Int32(capacity), tickInterval())
            if count > 0 {
                for index in 0..<Int(count) {
                    let event = events[index]
                    if event.data.u64 == Self.wakeupID {
                        var value: UInt64 = 0
                        _ = read(wakeup, &value, 8)
                    } else {
                        handler(event.data.u64, event.events)
                    }
                }
            }
            runJobs()
            tick()
        }
    }

    private func runJobs() {
        let queue = jobs.withLock { jobs in
            let queue = jobs.queue
            jobs.queue = []
            return queue
        }
        for job in queue { job() }
    }

    /// Ends the loop for good: later jobs are dropped, queued ones released.
    func close() {
        let dropped = jobs.withLock { jobs in
            jobs.open = false
            let queue = jobs.queue
            jobs.queue = []
            return queue
        }
        _ = dropped
        Glibc.close(wakeup)
        Glibc.close(epoll)
    }
}
