extension HTTPServer {
    /// Where to listen, and the limits and timeouts that keep one client from hurting the others.
    /// The defaults suit `studio serve` on a laptop; tests shrink the timeouts to milliseconds.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 lets the kernel pick a free port; `HTTPServer.port` tells which.
        public var port: Int
        public var backlog: Int32
        /// Connections served at once; the next one is answered 503 with `Retry-After` and closed
        /// without its request being read.
        public var maximumConnections: Int
        /// Connections one client may hold at once (an IPv4 address, or an IPv6 /64); the next
        /// one is answered 429 with `Retry-After` and closed without its request being read. A
        /// browser opens at most 6 connections to a host, so 64 lets a household or an office
        /// behind one address in, while one client alone can take only 64 of the 4096.
        public var maximumConnectionsPerClient: Int
        /// Loopback clients (127.0.0.0/8, ::1) are not held to `maximumConnectionsPerClient`:
        /// a reverse proxy on the same machine brings every visitor from 127.0.0.1, and so do
        /// the operator's own load tests; the server-wide cap still holds.
        public var exemptsLoopbackClients: Bool
        /// The `Retry-After` seconds of that 503 and that 429.
        public var retryAfterSeconds: Int
        /// Header section size (16 KiB) and default body size (1 MiB).
        public var limits: HTTPRequestParser.Limits
        /// From a request's first byte (or a connection's accept) to the end of its header
        /// section: a slowloris client is cut off here.
        public var headerTimeout: Duration
        /// From the end of a request's header section to the end of its body, in total: bytes
        /// trickling in do not extend it, so a client sending one byte every few seconds is cut
        /// off here instead of holding its connection for as long as it likes.
        public var bodyTimeout: Duration
        /// How long a kept-alive connection may wait for its next request.
        public var idleTimeout: Duration
        /// The longest a response may go without the client taking any of it.
        public var writeTimeout: Duration
        /// After the last response of a connection the server stops writing and reads (and drops)
        /// whatever the client still sends, up to this long, so that the kernel does not reset
        /// the connection before the client has read the response (a "lingering close").
        public var lingerTimeout: Duration
        /// How long `stop()` lets requests in flight finish before it closes their connections.
        public var shutdownGracePeriod: Duration

        public init(host: String = "127.0.0.1", port: Int = 8080, backlog: Int32 = 511,
                    maximumConnections: Int = 4096, retryAfterSeconds: Int = 1,
                    limits: HTTPRequestParser.Limits = .init(),
                    headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(20),
                    idleTimeout: Duration = .seconds(60), writeTimeout: Duration = .seconds(30),
                    lingerTimeout: Duration = .seconds(2), shutdownGracePeriod: Duration = .seconds(10),
                    maximumConnectionsPerClient: Int = 64, exemptsLoopbackClients: Bool = true) {
            self.host = host
            self.port = port
            self.backlog = backlog
            self.maximumConnections = maximumConnections
            self.retryAfterSeconds = retryAfterSeconds
            self.limits = limits
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.lingerTimeout = lingerTimeout
            self.shutdownGracePeriod = shutdownGracePeriod
            self.maximumConnectionsPerClient = maximumConnectionsPerClient
            self.exemptsLoopbackClients = exemptsLoopbackClients
        }
    }
}
