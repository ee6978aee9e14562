#if canImport(Glibc)
import Glibc
#endif
import CLinuxIO

/// The server's state and its event handlers, all on the event loop's thread: accepting,
/// reading and parsing, handing requests to the responder, writing, timeouts, and the drain
/// that `stop()` asks for.
///
/// It is `@unchecked Sendable` only so that jobs sent from other threads through
/// `EventLoop.execute(_:)` can name it; every property is touched on the loop's thread alone.
final class ServerLoop: @unchecked Sendable {
    static let listenerID: UInt64 = 1

    let configuration: HTTPServer.Configuration
    let responder: any HTTPResponder
    /// Where responders run: see `ResponderExecutor`.
    private let responderExecutor = ResponderExecutor()
    let loop: EventLoop
    private var listener: Int32
    private var connections: [UInt64: HTTPConnection] = [:]
    private var nextID: UInt64 = 2
    private var activeCount = 0
    /// Counted connections per client address, for `maximumConnectionsPerClient`.
    private var perClient: [ClientAddress: Int] = [:]
    private var running = true
    private var drainDeadline: UInt64?
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// A descriptor kept in reserve: when `accept` fails for lack of descriptors, closing it lets
    /// the server accept and close the waiting connection instead of spinning on it.
    private var spare: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)
    private var cachedDate: (second: Int, text: String) = (0, "")

    private let header: UInt64, body: UInt64, idle: UInt64, write: UInt64, linger: UInt64

    init(configuration: HTTPServer.Configuration, responder: any HTTPResponder, listener: Int32) throws(HTTPServerError) {
        self.configuration = configuration
        self.responder = responder
        self.listener = listener
        self.loop = try EventLoop()
        header = configuration.headerTimeout.nanoseconds
        body = configuration.bodyTimeout.nanoseconds
        idle = configuration.idleTimeout.nanoseconds
        write = configuration.writeTimeout.nanoseconds
        linger = configuration.lingerTimeout.nanoseconds
        loop.register(listener, id: Self.listenerID, events: EventLoop.readable)
    }

    /// Runs until stopped and drained, then releases everything. Call on the loop's own thread.
    func run() {
        let shortest = [header, body, idle, write, linger].min()!
        // Deadlines are checked a few times per shortest timeout, between 5 and 250 ms.
        let tick = Int32(min(250, max(5, shortest / 4 / 1_000_000)))
        loop.run(handler: handle, tick: sweep, tickInterval: { tick }, shouldContinue: { running })
        for connection in connections.values { close(connection) }
        if listener >= 0 { Glibc.close(listener) }
        if spare >= 0 { Glibc.close(spare) }
        loop.close()
        readBuffer.deallocate()
    }

    // MARK: - Events

    private func handle(_ id: UInt64, _ events: UInt32) {
        if id == Self.listenerID {
            acceptAll()
            return
        }
        guard let connection = connections[id] else { return }
        if events & EventLoop.writable != 0 { flush(connection) }
        if events & EventLoop.readable != 0, connections[id] != nil { readable(connection) }
        if events & EventLoop.hangUp != 0, connections[id] != nil, events & EventLoop.readable == 0 { close(connection) }
    }

    private func acceptAll() {
        for _ in 0..<256 {
            guard listener >= 0 else { return }
            guard let fd = Socket.accept(listener) else {
                if errno == EMFILE || errno == ENFILE, spare >= 0 {
                    Glibc.close(spare)
                    if let fd = Socket.accept(listener) { Glibc.close(fd) }
                    spare = open("/dev/null", O_RDONLY | O_CLOEXEC)
                }
                return
            }
            let now = Socket.now()
            let id = nextID
            nextID += 1
            if activeCount >= configuration.maximumConnections {
                refuse(fd, id: id, now: now, with: .error(.serviceUnavailable, code: "server_busy",
                                                           message: "The server is at its connection limit; retry shortly.",
                                                           headers: ["Retry-After": String(configuration.retryAfterSeconds)]))
                continue
            }
            let peer = ClientAddress(peerOf: fd)
            let client = peer.flatMap { configuration.exemptsLoopbackClients && $0.isLoopback ? nil : $0 }
            if let client, perClient[client, default: 0] >= configuration.maximumConnectionsPerClient {
                refuse(fd, id: id, now: now, with: .error(.tooManyRequests, code: "too_many_connections",
                                                           message: "This address has too many connections open; close some or retry shortly.",
                                                           type: "rate_limit_error", headers: ["Retry-After": String(configuration.retryAfterSeconds)]))
                continue
            }
            let connection = HTTPConnection(id: id, fd: fd, counted: true, limits: configuration.limits, deadline: now + header)
            connection.client = client
            connection.peerIsLoopback = peer?.isLoopback ?? false
            if let client { perClient[client, default: 0] += 1 }
            connections[id] = connection
            activeCount += 1
            updateInterest(connection, registering: true)
        }
    }

    /// Past a cap: a canned 503 (the server's cap) or 429 (the client's) without reading the
    /// request, then a lingering close so that the client gets to read it.
    private func refuse(_ fd: Int32, id: UInt64, now: UInt64, with response: HTTPResponse) {
        let connection = HTTPConnection(id: id, fd: fd, counted: false, limits: configuration.limits, deadline: now + write)
        connection.keepAlive = false
        connection.enqueue(ResponseHead.bytes(for: response, keepAlive: false, requestVersion: .http1_1, date: date()))
        if case .bytes(let bytes) = response.body { connection.enqueue(bytes) }
        connection.phase = .writing
        // Refused connections linger too, but never more of them than the cap itself.
        guard connections.count < 2 * configuration.maximumConnections else {
            _ = connection.flush()
            Glibc.close(fd)
            return
        }
        connections[id] = connection
        updateInterest(connection, registering: true)
        flush(connection)
    }

    private func readable(_ connection: HTTPConnection) {
        switch connection.read(using: readBuffer) {
        case .failed:
            close(connection)
        case .endOfFile:
            connection.inputClosed = true
            if connection.phase == .reading || connection.phase == .closing {
                close(connection)
            } else {
                connection.keepAlive = false
                updateInterest(connection)
            }
        case .bytes(let count):
            guard connection.phase == .reading, count > 0 else { return }
            process(connection)
        }
    }

    /// Takes parser events until a request is complete (then hands it to the responder) or more
    /// bytes are needed.
    private func process(_ connection: HTTPConnection) {
        let now = Socket.now()
        do {
            while let event = try connection.parser.next() {
                switch event {
                case .head(let head):
                    connection.requestStarted = true
                    connection.deadline = now + body
                    let limit = responder.maximumBodySize(for: head) ?? configuration.limits.maximumBodySize
                    try connection.parser.setBodyLimit(limit)
                    if head.headers["Expect"] != nil, head.version == .http1_1, !connection.parser.hasBufferedBytes,
                       head.headers.contains("Transfer-Encoding") || (head.headers["Content-Length"] ?? "0") != "0" {
                        connection.enqueue(ResponseHead.continue)
                        flush(connection)
                        guard connections[connection.id] != nil else { return }
                    }
                case .request(var request):
                    request.peerIsLoopback = connection.peerIsLoopback
                    dispatch(request, on: connection)
                    return
                }
            }
        } catch {
            connection.keepAlive = false
            let response = HTTPResponse.error(error.status, code: error.code, message: error.message)
            send(response, on: connection, requestVersion: .http1_1, isHead: false)
            return
        }
        // Progress on a body does not move its deadline: `bodyTimeout` counts from the end of
        // the head (a body trickling in a byte at a time once held its connection for minutes).
        if connection.parser.isInsideRequest && !connection.requestStarted {
            connection.requestStarted = true
            connection.deadline = now + header
        }
    }

    private func dispatch(_ request: HTTPRequest, on connection: HTTPConnection) {
        connection.phase = .responding
        connection.keepAlive = connection.keepAlive && request.wantsKeepAlive && drainDeadline == nil
        connection.deadline = .max
        updateInterest(connection)
        let id = connection.id
        let responder = self.responder
        Task(executorPreference: responderExecutor) {
            var response: HTTPResponse
            do {
                response = try await responder.respond(to: request)
            } catch {
                response = .error(.internalServerError, code: "internal_error",
                                  message: "The server could not complete the request.")
            }
            let finished = response
            self.loop.execute { self.respond(finished, to: request, connectionID: id) }
        }
    }

    private func respond(_ response: HTTPResponse, to request: HTTPRequest, connectionID: UInt64) {
        guard let connection = connections[connectionID], connection.phase == .responding else { return }
        if response.headers.contains("Connection", token: "close") || drainDeadline != nil { connection.keepAlive = false }
        send(response, on: connection, requestVersion: request.version, isHead: request.method == .head)
    }

    private func send(_ response: HTTPResponse, on connection: HTTPConnection, requestVersion: HTTPVersion, isHead: Bool) {
        connection.enqueue(ResponseHead.bytes(for: response, keepAlive: connection.keepAlive,
                                              requestVersion: requestVersion, date: date()))
        if !isHead && !response.status.forbidsContent {
            switch response.body {
            case .bytes(let bytes): if !bytes.isEmpty { connection.enqueue(bytes) }
            case .file(let region): if region.length > 0 { connection.enqueue(region) }
            case .stream(let stream): return startStreaming(stream, on: connection)
            }
        }
        connection.phase = .writing
        connection.deadline = Socket.now() + write
        flush(connection)
    }

    /// Writes the head, then each chunk as the stream yields it (on the loop's thread), and ends
    /// the response when the stream finishes. Waiting for a chunk has no deadline — the producer
    /// bounds itself — while writing one has the write timeout, as every response does.
    private func startStreaming(_ stream: ResponseStream, on connection: HTTPConnection) {
        connection.keepAlive = false
        connection.phase = .writing
        let id = connection.id
        connection.streamFeeder = Task(executorPreference: responderExecutor) {
            for await chunk in stream.chunks {
                self.loop.execute { self.enqueueStreamed(chunk, connectionID: id) }
            }
            self.loop.execute { self.endStream(connectionID: id) }
        }
        flush(connection)
    }

    private func enqueueStreamed(_ chunk: [UInt8], connectionID: UInt64) {
        guard let connection = connections[connectionID], connection.phase == .writing, !chunk.isEmpty else { return }
        connection.enqueue(chunk)
        connection.deadline = Socket.now() + write
        flush(connection)
    }

    private func endStream(connectionID: UInt64) {
        guard let connection = connections[connectionID], connection.phase == .writing else { return }
        connection.streamFeeder = nil
        flush(connection)
    }

    private func flush(_ connection: HTTPConnection) {
        let (outcome, progressed) = connection.flush()
        switch outcome {
        case .failed:
            close(connection)
        case .wouldBlock:
            if progressed && connection.phase == .writing { connection.deadline = Socket.now() + write }
            updateInterest(connection)
        case .done:
            if connection.phase == .writing && connection.streamFeeder != nil {
                // A stream waits for its next chunk without a deadline (see `startStreaming`).
                connection.deadline = .max
                updateInterest(connection)
            } else if connection.phase == .writing {
                finishResponse(connection)
            } else {
                updateInterest(connection)
            }
        }
    }

    /// The response is out: wait for the next request (maybe already buffered), or close.
    private func finishResponse(_ connection: HTTPConnection) {
        guard connection.keepAlive, !connection.inputClosed, drainDeadline == nil else {
            closeGracefully(connection)
            return
        }
        connection.phase = .reading
        connection.requestStarted = false
        connection.deadline = Socket.now() + idle
        updateInterest(connection)
        if connection.parser.hasBufferedBytes { process(connection) }
    }

    /// Shuts the write side and lingers, reading and dropping, until the client closes.
    private func closeGracefully(_ connection: HTTPConnection) {
        if connection.phase != .closing { uncount(connection) }
        connection.phase = .closing
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.deadline = Socket.now() + linger
        if let drainDeadline { connection.deadline = min(connection.deadline, drainDeadline) }
        updateInterest(connection)
    }

    private func close(_ connection: HTTPConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        if connection.phase != .closing { uncount(connection) }
        connection.streamFeeder?.cancel()
        connection.streamFeeder = nil
        connection.discardOutput()
        loop.unregister(connection.fd)
        Glibc.close(connection.fd)
    }

    /// The connection no longer counts against the caps (it is closing or closed). Called once
    /// per connection: both callers skip one already `.closing`.
    private func uncount(_ connection: HTTPConnection) {
        guard connection.counted else { return }
        activeCount -= 1
        if let client = connection.client {
            let left = perClient[client, default: 1] - 1
            perClient[client] = left > 0 ? left : nil
        }
    }

    private func updateInterest(_ connection: HTTPConnection, registering: Bool = false) {
        var events: UInt32 = 0
        if (connection.phase == .reading || connection.phase == .closing) && !connection.inputClosed {
            events |= EventLoop.readable
        }
        if connection.hasPendingOutput { events |= EventLoop.writable }
        if registering {
            loop.register(connection.fd, id: connection.id, events: events)
        } else if events != connection.interest {
            loop.modify(connection.fd, id: connection.id, events: events)
        }
        connection.interest = events
    }

    // MARK: - Time

    /// Closes whatever has passed its deadline, and ends the drain.
    private func sweep() {
        let now = Socket.now()
        if let drainDeadline {
            if connections.isEmpty || now >= drainDeadline {
                running = false
                return
            }
        }
        for connection in connections.values where now >= connection.deadline {
            if connection.phase == .reading && connection.requestStarted {
                // Best effort: tell a slow client why, in one non-blocking write, then go.
                let response = HTTPResponse.error(.requestTimeout, code: "request_timeout",
                                                  message: "The request took too long to arrive.")
                var bytes = ResponseHead.bytes(for: response, keepAlive: false, requestVersion: .http1_1, date: date())
                if case .bytes(let content) = response.body { bytes += content }
                _ = bytes.withUnsafeBytes { Glibc.send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            }
            close(connection)
        }
    }

    private func date() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let second = Int(spec.tv_sec)
        if cachedDate.second != second { cachedDate = (second, HTTPDate.format(second)) }
        return cachedDate.text
    }

    // MARK: - Stopping

    /// Stops accepting, closes idle connections, and lets the others finish within `gracePeriod`.
    func beginDrain(gracePeriod: Duration) {
        guard drainDeadline == nil else { return }
        drainDeadline = Socket.now() + gracePeriod.nanoseconds
        if listener >= 0 {
            loop.unregister(listener)
            Glibc.close(listener)
            listener = -1
        }
        for connection in Array(connections.values) {
            switch connection.phase {
            case .reading where !connection.parser.isInsideRequest: close(connection)
            case .closing: connection.deadline = min(connection.deadline, drainDeadline!)
            default: connection.keepAlive = false
            }
        }
    }
}
