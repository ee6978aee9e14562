#if canImport(Glibc)
import Glibc
#endif
import CLinuxIO

/// One client connection: its socket, its parser, the response being written, and where it is in
/// its life. It belongs to the event loop's thread; `ServerLoop` decides, this only does the I/O.
final class HTTPConnection {
    enum Phase {
        /// Waiting for (the rest of) a request.
        case reading
        /// A complete request is with the responder; further pipelined bytes wait in the kernel.
        case responding
        /// The response is being written.
        case writing
        /// The last response is out; the write side is shut and input is read and dropped until
        /// the client closes or `deadline` passes.
        case closing
    }

    let id: UInt64
    let fd: Int32
    /// Whether the connection counts against the connection cap (a refused one does not).
    let counted: Bool
    /// Whose it is, when it counts against a per-client cap (`nil`: exempt, or refused).
    var client: ClientAddress?
    /// The peer is this machine (127.0.0.0/8 or ::1), whatever the caps say.
    var peerIsLoopback = false
    var parser: HTTPRequestParser
    var phase: Phase = .reading
    /// When the current phase times out, on the monotonic clock.
    var deadline: UInt64
    /// The first byte of the current request has arrived.
    var requestStarted = false
    /// Whether the connection stays open after the response being prepared.
    var keepAlive = true
    /// The client shut its side (it may still read our response).
    var inputClosed = false
    /// The epoll events registered now.
    var interest: UInt32 = 0
    /// The task feeding a streamed response (`ResponseStream`), cancelled when the connection
    /// closes; nil when no stream is being written.
    var streamFeeder: Task<Void, Never>?

    private var output: [UInt8] = []
    private var outputOffset = 0
    private var file: FileRegion?
    private var fileOffset = 0
    private var fileRemaining = 0

    init(id: UInt64, fd: Int32, counted: Bool, limits: HTTPRequestParser.Limits, deadline: UInt64) {
        self.id = id
        self.fd = fd
        self.counted = counted
        self.parser = HTTPRequestParser(limits: limits)
        self.deadline = deadline
    }

    var hasPendingOutput: Bool { outputOffset < output.count || fileRemaining > 0 }

    enum ReadOutcome {
        case bytes(Int)
        case endOfFile
        case failed
    }

    /// Reads what the socket has, up to a few buffers (so one fast client cannot starve the
    /// rest), into the parser — or nowhere, when closing.
    func read(using buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        var total = 0
        for _ in 0..<4 {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 {
                if phase != .closing { parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
                total += count
                if count < buffer.count { break }
            } else if count == 0 {
                return total > 0 ? .bytes(total) : .endOfFile
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                return .failed
            }
        }
        return .bytes(total)
    }

    func enqueue(_ bytes: [UInt8]) {
        if outputOffset == output.count {
            output = bytes
            outputOffset = 0
        } else {
            output.append(contentsOf: bytes)
        }
    }

    func enqueue(_ region: FileRegion) {
        file = region
        fileOffset = region.offset
        fileRemaining = region.length
    }

    enum FlushOutcome {
        case done
        case wouldBlock
        case failed
    }

    /// Writes as much of the pending output as the socket takes: the bytes, then the file region
    /// through `sendfile(2)`. `progressed` tells whether anything went out (for the write timeout).
    func flush() -> (outcome: FlushOutcome, progressed: Bool) {
        var progressed = false
        // When a file follows the bytes (a response head before its body), MSG_MORE tells the
        // kernel not to push the head on its own: the head and the start of the file leave in
        // one segment, as nginx's tcp_nopush does, instead of two (for a small file that halved
        // the packets, and the kernel's work per response). sendfile's last chunk pushes.
        let flags = Int32(MSG_NOSIGNAL) | (fileRemaining > 0 ? Int32(MSG_MORE) : 0)
        while outputOffset < output.count {
            let count = output.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress! + outputOffset, bytes.count - outputOffset, flags)
            }
            if count > 0 {
                outputOffset += count
                progressed = true
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return (.wouldBlock, progressed)
            } else {
                return (.failed, progressed)
            }
        }
        output = []
        outputOffset = 0
        while fileRemaining > 0, let file {
            var offset = off_t(fileOffset)
            let count = sendfile(fd, file.file.descriptor, &offset, min(fileRemaining, 1 << 20))
            if count > 0 {
                fileOffset += count
                fileRemaining -= count
                progressed = true
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return (.wouldBlock, progressed)
            } else {
                // 0: the file shrank under us; the promised Content-Length cannot be kept.
                return (.failed, progressed)
            }
        }
        file = nil
        return (.done, progressed)
    }

    /// Drops the response being written (the connection is being torn down).
    func discardOutput() {
        output = []
        outputOffset = 0
        file = nil
        fileRemaining = 0
    }
}
