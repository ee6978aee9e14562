import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on POSIX sockets: one event-loop thread does all the socket work, and each
/// complete request goes to the responder on a task of its own.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080), responder: StaticFileResponder(root: "public"))
/// try server.start()
/// let signals = server.stopOnSignals()   // SIGINT, SIGTERM → a graceful stop
/// await server.waitUntilStopped()
/// ```
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    private let responder: any HTTPResponder

    private enum Phase {
        case idle
        case running(ServerLoop, port: Int)
        case stopped
    }

    private struct State {
        var phase: Phase = .idle
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init(configuration: Configuration = Configuration(), responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// Binds, listens and starts the event loop; returns the bound port (the one the kernel
    /// picked, for port 0). Also ignores SIGPIPE for the process: a client that goes away while a
    /// response is being written must cost an error code, not the process. And raises the soft
    /// limit on open descriptors so that the connection cap can be reached (`DescriptorLimit`).
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        signal(SIGPIPE, SIG_IGN)
        var configuration = self.configuration
        configuration.maximumConnections = DescriptorLimit.raise(forConnections: configuration.maximumConnections)
        let (listener, port) = try Socket.listen(host: configuration.host, port: configuration.port,
                                                 backlog: configuration.backlog)
        let core: ServerLoop
        do {
            core = try ServerLoop(configuration: configuration, responder: responder, listener: listener)
        } catch {
            close(listener)
            throw error
        }
        let started = state.withLock { state in
            guard case .idle = state.phase else { return false }
            state.phase = .running(core, port: port)
            return true
        }
        guard started else {
            close(listener)
            throw HTTPServerError("the server was already started", errno: EALREADY)
        }
        let thread = Thread { [self] in
            core.run()
            finished()
        }
        thread.name = "studio-http"
        thread.start()
        return port
    }

    /// The connection cap in force while running: the configured one, or lower when the hard
    /// limit on open descriptors cannot hold it (`DescriptorLimit`).
    public var maximumConnections: Int? {
        state.withLock { state in
            if case .running(let core, _) = state.phase { return core.configuration.maximumConnections }
            return nil
        }
    }

    /// The port listened on while running.
    public var port: Int? {
        state.withLock { state in
            if case .running(_, let port) = state.phase { return port }
            return nil
        }
    }

    /// Stops gracefully: no new connections, idle ones closed, requests in flight finished
    /// (their responses say `Connection: close`) within the configured grace period, after
    /// which the rest are closed. Returns when the event loop has ended.
    public func stop() async {
        await stop(gracePeriod: configuration.shutdownGracePeriod)
    }

    public func stop(gracePeriod: Duration) async {
        beginStop(gracePeriod: gracePeriod)
        await waitUntilStopped()
    }

    /// Starts a graceful stop and returns at once: from this moment no connection is accepted
    /// and every response says `Connection: close`. Synchronous, so that a signal handler's
    /// queue can begin the stop without waiting for a free thread of the concurrency pool.
    public func beginStop(gracePeriod: Duration? = nil) {
        let gracePeriod = gracePeriod ?? configuration.shutdownGracePeriod
        let core: ServerLoop? = state.withLock { state in
            switch state.phase {
            case .idle:
                state.phase = .stopped
                return nil
            case .running(let core, _):
                return core
            case .stopped:
                return nil
            }
        }
        core?.loop.execute { core?.beginDrain(gracePeriod: gracePeriod) }
    }

    /// Returns once the server has stopped (at once if it never started or already stopped).
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                switch state.phase {
                case .running:
                    state.waiters.append(continuation)
                    return false
                case .idle, .stopped:
                    return true
                }
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func finished() {
        let waiters = state.withLock { state in
            state.phase = .stopped
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
