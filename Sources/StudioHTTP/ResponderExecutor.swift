import Dispatch

/// Runs responders on threads of their own rather than on Swift's cooperative pool.
///
/// The cooperative pool has one thread per core, and anything that blocks one — a long SQLite
/// transaction, a publish, a render started synchronously somewhere in the process, a test that
/// waits on a socket — would otherwise stall every request behind it. A concurrent dispatch
/// queue made here overcommits: when its threads block, the system adds more, so one slow
/// handler never holds up the next request.
final class ResponderExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "studio-http.responders", qos: .userInitiated, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
