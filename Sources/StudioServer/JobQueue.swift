import Foundation
import StudioBuild
import StudioCore
import StudioEngine
import StudioStore
import Synchronization

/// The background renderers of `studio serve`: at most one per core, each on its own thread
/// (a render is seconds of CPU; it must not sit on the Swift concurrency pool that serves
/// requests). Jobs live in SQLite, so a restart loses none: running ones go back to the queue
/// (`requeueInterruptedJobs`) and are rendered again from the start, and a job is only
/// finished by the worker that claimed it.
final class JobQueue: Sendable {
    private let store: StateStore
    private let cache: RenderCache
    private let focus: FocusScheduler
    private let workers: Int
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()
    /// Called after a job succeeds: a new track may be in a shared collection's page.
    let onTrack: @Sendable () -> Void

    private struct State {
        var cancelled: Set<String> = []
        var stopping = false
    }

    init(store: StateStore, rendersDirectory: URL, workers: Int, monthlyQuotaSeconds: Double = .infinity,
         onTrack: @escaping @Sendable () -> Void = {}) {
        self.store = store
        cache = RenderCache(directory: rendersDirectory)
        focus = FocusScheduler(store: store, rendersDirectory: rendersDirectory,
                               quota: MonthlyQuota(store: store, limitSeconds: monthlyQuotaSeconds))
        self.workers = workers
        self.onTrack = onTrack
    }

    func start() throws {
        try store.requeueInterruptedJobs()
        try store.resetInterruptedSegments()
        for index in 0..<workers {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                run()
            }
            thread.name = "studio-render-\(index)"
            thread.start()
        }
    }

    /// A job was queued: wake a worker.
    func submitted() { wake.signal() }

    /// Asks the worker rendering `jobID` (if any) to stop; it checks between blocks, a few
    /// milliseconds apart.
    func cancel(_ jobID: String) { state.withLock { _ = $0.cancelled.insert(jobID) } }

    /// Stops the workers after their current render (cancelled, so that this is quick); the
    /// interrupted jobs are requeued by the next start.
    func stop() {
        state.withLock { $0.stopping = true }
        for _ in 0..<workers { wake.signal() }
        finished.wait()
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func run() {
        while !isStopping {
            let job: GenerationJob?
            do { job = try store.claimNextJob() } catch {
                Thread.sleep(forTimeInterval: 0.5)
                continue
            }
            if let job {
                render(job)
            } else if let work = try? focus.claimNext() {
                // Generation jobs first; between them, focus segments as their listeners need them.
                let sessionID = work.session.id
                focus.render(work) { [self] in state.withLock { $0.cancelled.contains(sessionID) || $0.stopping } }
                state.withLock { _ = $0.cancelled.remove(sessionID) }
            } else {
                _ = wake.wait(timeout: .now() + 1)
            }
        }
    }

    private func render(_ job: GenerationJob) {
        let id = job.id
        let isCancelled: @Sendable () -> Bool = { [self] in state.withLock { $0.cancelled.contains(id) || $0.stopping } }
        let store = store
        let progressLock = Mutex(Date.distantPast)
        let options = RenderOptions(threads: 1, progress: { fraction in
            // Progress reaches the state at most every 200 ms: enough for a poller, cheap for SQLite.
            let now = Date()
            let due = progressLock.withLock { last -> Bool in
                guard now.timeIntervalSince(last) > 0.2 else { return false }
                last = now
                return true
            }
            if due { try? store.updateProgress(jobID: id, progress: fraction * 0.99) }
        }, isCancelled: isCancelled)
        do {
            let inputs = GenerationInputs(job: job)
            let entry = try cache.entry(inputs.hash)
                ?? cache.render(inputs.request, hash: inputs.hash, formats: inputs.formats, stems: inputs.stems,
                                date: inputs.date, options: options)
            let now = store.now
            let report = entry.report
            let track = Track(id: ObjectID.make(.track), organizationID: job.organizationID, creatorID: job.userID,
                              title: inputs.title, engineKey: report.engineKey, engineVersion: report.engineVersion,
                              prompt: job.prompt, durationSeconds: report.durationSeconds, bpm: report.bpm, key: report.key,
                              seed: report.seed, source: .generation(jobID: id), licence: report.licence, format: inputs.format,
                              sampleRate: report.sampleRate, channels: report.channels, loudnessLUFS: report.loudnessLUFS,
                              truePeakDBTP: report.truePeakDBTP, peaks: report.peaks, files: entry.files, inputHash: inputs.hash,
                              createdAt: now, updatedAt: now)
            try store.atomically {
                try store.saveTrack(track)
                // Only a job still running can succeed: a cancel that came first wins.
                guard try store.finishJob(id: id, status: .succeeded, trackID: track.id) else { throw RenderError.cancelled }
                try store.recordUsage(organizationID: job.organizationID, userID: job.userID, kind: .generation,
                                      engineKey: job.engineKey, seconds: report.durationSeconds, reference: id)
            }
            onTrack()
        } catch RenderError.cancelled {
            if !isStopping { _ = try? store.finishJob(id: id, status: .cancelled) }
        } catch {
            FileHandle.standardError.write(Data("studio serve: generation \(id) failed: \(error)\n".utf8))
            _ = try? store.finishJob(id: id, status: .failed, error: Self.clientMessage(for: error))
        }
        state.withLock { _ = $0.cancelled.remove(id) }
    }

    /// What the job's `error` tells its client. The error itself names files of the server
    /// (the render cache's paths) and library internals, which are the operator's business and
    /// go to the log; the client learns whether trying again later can help.
    static func clientMessage(for error: any Error) -> String {
        let text = "\(error)"
        let outOfSpace = text.contains("No space left on device") || text.contains("disk is full")
            || (error as NSError).code == NSFileWriteOutOfSpaceError
        return outOfSpace ? "The server ran out of disk space while rendering; submit the generation again later."
            : "The render failed on the server; submit the generation again, and tell the operator if it keeps failing."
    }
}
