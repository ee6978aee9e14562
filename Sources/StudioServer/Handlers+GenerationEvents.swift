import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// `GET …/generations/{id}/events`: a job's life as server-sent events (issue #17), so that a
/// page shows progress without polling. The job's row is the one source of truth (workers may
/// be in this process or another), so the stream reads it at a short interval and tells what
/// changed: `status` on each status change, `progress` on each progress step, `track` with the
/// finished track, then `end`, and the stream closes. A comment every `heartbeat` keeps
/// proxies from timing the quiet stream out and finds a client that has gone.
extension MusicAPI {
    static let eventPollInterval: Duration = .milliseconds(200)
    static let eventHeartbeat: Duration = .seconds(15)
    /// No stream lasts longer, whatever the job does: the client reconnects if it still cares.
    static let eventStreamLimit: Duration = .seconds(3600)

    func generationEvents(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let job = try generation(context.parameter("generation_id"), caller: caller)
        let headers: HTTPHeaders = ["Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store",
                                    "X-Accel-Buffering": "no"]
        if context.request.method == .head {
            // The head a GET gets (no length), and no producer to stop.
            return HTTPResponse(status: .ok, headers: headers, body: .stream(ResponseStream(AsyncStream { $0.finish() })))
        }
        let (chunks, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .unbounded)
        let producer = Task { await streamEvents(of: job.id, caller: caller, into: continuation) }
        continuation.onTermination = { _ in producer.cancel() }
        return HTTPResponse(status: .ok, headers: headers, body: .stream(ResponseStream(chunks)))
    }

    private func streamEvents(of jobID: String, caller: Caller, into continuation: AsyncStream<[UInt8]>.Continuation) async {
        defer { continuation.finish() }
        let clock = ContinuousClock()
        let started = clock.now
        var lastSent = clock.now
        var status: GenerationJob.Status?
        var progress: Double?
        func send(_ event: String, _ data: JSONValue) {
            continuation.yield(Array("event: \(event)\ndata: \(data.serialized())\n\n".utf8))
            lastSent = clock.now
        }
        // Where a reconnecting client should wait before trying again.
        continuation.yield(Array("retry: 1000\n\n".utf8))
        while !Task.isCancelled && clock.now - started < Self.eventStreamLimit {
            guard let job = try? store.job(id: jobID) else {
                send("error", .object(["message": "The generation job is no longer available."]))
                return
            }
            if job.status != status {
                status = job.status
                send("status", JobInterpretation.jobJSON(job))
            } else if job.progress != progress {
                send("progress", .object(["id": .string(job.id), "progress": .number((job.progress * 1000).rounded() / 1000)]))
            }
            progress = job.progress
            if job.status.isFinal {
                if let trackID = job.trackID, let track = try? store.track(id: trackID), let json = try? trackJSON(track, caller: caller) {
                    send("track", json)
                }
                send("end", .object(["id": .string(job.id), "status": .string(job.status.rawValue)]))
                return
            }
            if clock.now - lastSent >= Self.eventHeartbeat {
                continuation.yield(Array(": heartbeat\n\n".utf8))
                lastSent = clock.now
            }
            try? await Task.sleep(for: Self.eventPollInterval)
        }
    }
}
