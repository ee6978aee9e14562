/// Reads HTTP/1.1 requests (RFC 9112) from bytes that arrive in pieces.
///
/// Feed it whatever the socket gave with `append(_:)` and call `next()` until it returns `nil`
/// (it needs more bytes). For each request it yields `.head` once the header section is complete
/// — the moment to pick a body limit for the route (`setBodyLimit(_:)`) and to answer
/// `Expect: 100-continue` — and then `.request` with the whole body. Bytes after a request stay
/// buffered for the next one, so pipelined requests come out in order.
///
/// It is strict where leniency has caused request smuggling or cache poisoning: lines must end in
/// CRLF, there is no whitespace before a field's colon and no obs-fold, `Content-Length` and
/// `Transfer-Encoding` may not both be present, and differing lengths are refused. Once it throws,
/// it keeps throwing the same error: the connection must close.
public struct HTTPRequestParser: Sendable {
    public struct Limits: Sendable, Hashable {
        /// The most bytes of request line and header fields together; past it, 431 (or 414 while
        /// the request line itself is still incomplete).
        public var maximumHeaderSize: Int
        /// The default body limit; a responder can change it per request at `.head`.
        public var maximumBodySize: Int

        public init(maximumHeaderSize: Int = 16 * 1024, maximumBodySize: Int = 1024 * 1024) {
            self.maximumHeaderSize = maximumHeaderSize
            self.maximumBodySize = maximumBodySize
        }
    }

    public enum Event: Sendable {
        /// The request line and header fields are complete; the body (if any) follows.
        case head(HTTPRequest)
        /// The whole request, body included.
        case request(HTTPRequest)
    }

    enum Framing: Sendable {
        case length(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers(bytesSeen: Int)
    }

    enum State: Sendable {
        /// Looking for the end of the header section; `scanned` is where to resume the search,
        /// `lines` the complete lines so far (the request line first).
        case head(scanned: Int, lines: [Range<Int>])
        /// `.head` was given; the body has not been started.
        case headGiven(HTTPRequest, Framing)
        case body(HTTPRequest, Framing)
        case failed(HTTPParserError)
    }

    public let limits: Limits
    private var buffer: [UInt8] = []
    /// Where the unconsumed bytes begin.
    private var start = 0
    private var state: State = .head(scanned: 0, lines: [])
    private var bodyLimit: Int
    /// The body read so far, kept apart from the request in `state` so that appending to it never
    /// copies it.
    private var body: [UInt8] = []

    public init(limits: Limits = Limits()) {
        self.limits = limits
        self.bodyLimit = limits.maximumBodySize
    }

    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes have been received that no event has consumed yet.
    public var hasBufferedBytes: Bool { start < buffer.count }

    /// Whether part of a request has been received (so the connection is not idle).
    public var isInsideRequest: Bool {
        if case .head(_, let lines) = state { return !lines.isEmpty || hasBufferedBytes }
        return true
    }

    /// Sets the body limit of the request whose `.head` was just given. Throws 413 at once when
    /// its declared `Content-Length` is already larger, before any of the body is read.
    public mutating func setBodyLimit(_ limit: Int) throws(HTTPParserError) {
        bodyLimit = limit
        if case .headGiven(_, .length(let length)) = state, length > limit {
            throw fail(Self.tooLarge(limit))
        }
    }

    /// The next event, or `nil` when more bytes are needed.
    public mutating func next() throws(HTTPParserError) -> Event? {
        switch state {
        case .failed(let error):
            throw error
        case .head(let scanned, let lines):
            return try parseHead(scanned: scanned, lines: lines)
        case .headGiven(let request, let framing):
            if case .length(let length) = framing, length > bodyLimit { throw fail(Self.tooLarge(bodyLimit)) }
            state = .body(request, framing)
            return try readBody()
        case .body:
            return try readBody()
        }
    }

    // MARK: - Head

    private mutating func parseHead(scanned: Int, lines: [Range<Int>]) throws(HTTPParserError) -> Event? {
        var scanned = scanned
        if lines.isEmpty && scanned == start && start > 0 {  // a fresh request: drop consumed bytes
            buffer.removeSubrange(0..<start)
            start = 0
            scanned = 0
        }
        var lines = lines
        var lineStart = lines.last?.upperBound.advanced(by: 2) ?? start
        var index = max(scanned, start)
        while index < buffer.count {
            guard buffer[index] == HTTPSyntax.lf else { index += 1; continue }
            guard index > lineStart, buffer[index - 1] == HTTPSyntax.cr else {
                throw fail(.badRequest("bare_line_feed", "Every line must end with CRLF."))
            }
            let line = lineStart..<(index - 1)
            index += 1
            if line.isEmpty {
                if lines.isEmpty {  // RFC 9112 §2.2: ignore empty lines before the request line
                    start = index
                    lineStart = index
                    continue
                }
                if index - start > limits.maximumHeaderSize { throw fail(headerTooLarge(lines: lines)) }
                let head: HTTPRequest
                do { head = try parseHeadLines(lines) } catch { throw fail(error) }  // final, like every error
                start = index
                return .head(head)
            }
            lines.append(line)
            lineStart = index
        }
        if buffer.count - start > limits.maximumHeaderSize { throw fail(headerTooLarge(lines: lines)) }
        state = .head(scanned: index, lines: lines)
        return nil
    }

    private func headerTooLarge(lines: [Range<Int>]) -> HTTPParserError {
        if lines.isEmpty || lines[0].count > limits.maximumHeaderSize {
            return HTTPParserError(.uriTooLong, code: "uri_too_long", "The request line is longer than \(limits.maximumHeaderSize) bytes.")
        }
        return HTTPParserError(.requestHeaderFieldsTooLarge, code: "header_fields_too_large",
                               "The header section is larger than \(limits.maximumHeaderSize) bytes.")
    }

    private mutating func parseHeadLines(_ lines: [Range<Int>]) throws(HTTPParserError) -> HTTPRequest {
        var request = try parseRequestLine(buffer[lines[0]])
        for line in lines.dropFirst() {
            let (name, value) = try parseField(buffer[line])
            request.headers.append(value, for: name)
        }
        let framing = try framing(of: request)
        state = .headGiven(request, framing)
        bodyLimit = limits.maximumBodySize
        return request
    }

    private func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParserError) -> HTTPRequest {
        let parts = line.split(separator: HTTPSyntax.space, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, HTTPSyntax.isToken(parts[0]), !parts[1].isEmpty,
              !parts[2].contains(HTTPSyntax.space) else {
            throw .badRequest("malformed_request_line", "The request line must be `METHOD target HTTP/1.1`.")
        }
        let method = HTTPMethod(String(decoding: parts[0], as: UTF8.self))
        let version = try parseVersion(parts[2])
        guard parts[1].allSatisfy(HTTPSyntax.isTargetCharacter) else {
            throw .badRequest("invalid_target", "The request target may hold only visible ASCII; encode the rest.")
        }
        let target = String(decoding: parts[1], as: UTF8.self)
        var request = HTTPRequest(method: method, target: target, path: "", version: version)
        if target == "*" {
            guard method == .options else { throw .badRequest("invalid_target", "`*` is a target for OPTIONS only.") }
            request.path = "*"
            return request
        }
        let lowered = target.lowercased()
        if !target.hasPrefix("/") && !lowered.hasPrefix("http://") && !lowered.hasPrefix("https://") {
            guard method == .connect else { throw .badRequest("invalid_target", "The request target must begin with `/`.") }
            request.path = target
            return request
        }
        guard let path = PercentDecoding.decode(request.rawPath) else {
            throw .badRequest("invalid_target", "The path is not valid percent-encoded UTF-8.")
        }
        request.path = path
        if let query = request.rawQuery {
            guard let items = PercentDecoding.queryItems(query) else {
                throw .badRequest("invalid_query", "The query is not valid percent-encoded UTF-8.")
            }
            request.queryItems = items
        }
        return request
    }

    private func parseVersion(_ text: ArraySlice<UInt8>) throws(HTTPParserError) -> HTTPVersion {
        let bytes = Array(text)
        guard bytes.count == 8, bytes[0..<5].elementsEqual("HTTP/".utf8), HTTPSyntax.isDigit(bytes[5]),
              bytes[6] == UInt8(ascii: "."), HTTPSyntax.isDigit(bytes[7]) else {
            throw .badRequest("malformed_version", "The protocol version must look like `HTTP/1.1`.")
        }
        let major = Int(bytes[5] - UInt8(ascii: "0")), minor = Int(bytes[7] - UInt8(ascii: "0"))
        guard major == 1 else {
            throw HTTPParserError(.httpVersionNotSupported, code: "version_not_supported", "Only HTTP/1.0 and HTTP/1.1 are served.")
        }
        // RFC 9110 §2.5: a higher minor version is processed as the highest one we implement.
        return minor == 0 ? .http1_0 : .http1_1
    }

    private func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParserError) -> (String, String) {
        if let first = line.first, first == HTTPSyntax.space || first == HTTPSyntax.tab {
            throw .badRequest("obsolete_line_folding", "Header fields may not be folded over lines.")
        }
        guard let colon = line.firstIndex(of: HTTPSyntax.colon), HTTPSyntax.isToken(line[line.startIndex..<colon]) else {
            throw .badRequest("malformed_header_field", "A header field must be `Name: value`, with no space before the colon.")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, first == HTTPSyntax.space || first == HTTPSyntax.tab { value = value.dropFirst() }
        while let last = value.last, last == HTTPSyntax.space || last == HTTPSyntax.tab { value = value.dropLast() }
        guard value.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw .badRequest("malformed_header_field", "A header field value holds a control character.")
        }
        return (String(decoding: line[line.startIndex..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// How the body is delimited (RFC 9112 §6.3), after the checks on `Host` and `Expect`.
    private func framing(of request: HTTPRequest) throws(HTTPParserError) -> Framing {
        let headers = request.headers
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 || (request.version == .http1_1 && hosts.isEmpty) {
            throw .badRequest("invalid_host", "An HTTP/1.1 request needs exactly one Host header field.")
        }
        if let host = hosts.first, host.utf8.contains(where: { $0 == HTTPSyntax.space || $0 == UInt8(ascii: "/") || $0 == HTTPSyntax.tab }) {
            throw .badRequest("invalid_host", "The Host header field is not a valid host.")
        }
        if let expectation = headers["Expect"], expectation.lowercased() != "100-continue" {
            throw HTTPParserError(.expectationFailed, code: "expectation_failed", "Only `Expect: 100-continue` is understood.")
        }
        let lengths = headers.values(for: "Content-Length")
        if headers.contains("Transfer-Encoding") {
            guard request.version == .http1_1 else {
                throw .badRequest("invalid_framing", "Transfer-Encoding is not allowed in an HTTP/1.0 request.")
            }
            guard lengths.isEmpty else {
                throw .badRequest("invalid_framing", "A request may not have both Transfer-Encoding and Content-Length.")
            }
            let codings = headers.listElements(for: "Transfer-Encoding").map { $0.lowercased() }
            guard codings.last == "chunked" else {
                throw .badRequest("invalid_framing", "The last transfer coding of a request must be chunked.")
            }
            guard codings.count == 1 else {
                throw HTTPParserError(.notImplemented, code: "transfer_coding_not_implemented", "Only the chunked transfer coding is understood.")
            }
            return .chunkSize
        }
        guard !lengths.isEmpty else { return .length(remaining: 0) }
        let elements = headers.listElements(for: "Content-Length")
        guard let first = elements.first, elements.allSatisfy({ $0 == first }),
              !first.isEmpty, first.utf8.allSatisfy(HTTPSyntax.isDigit) else {
            throw .badRequest("invalid_content_length", "Content-Length must be one decimal number.")
        }
        guard first.utf8.count <= 15, let length = Int(first) else { throw Self.tooLarge(bodyLimit) }
        return .length(remaining: length)
    }

    static func tooLarge(_ limit: Int) -> HTTPParserError {
        HTTPParserError(.contentTooLarge, code: "body_too_large", "The request body is larger than \(limit) bytes.")
    }

    private mutating func fail(_ error: HTTPParserError) -> HTTPParserError {
        state = .failed(error)
        return error
    }

    // MARK: - Body

    private mutating func readBody() throws(HTTPParserError) -> Event? {
        guard case .body(let request, var framing) = state else { return nil }
        defer {
            if case .body = state { state = .body(request, framing) }
            if start > 64 * 1024 {  // keep the buffer from growing with a long body
                buffer.removeSubrange(0..<start)
                // A finished request left the next head's search position in `state`: move it
                // with the bytes, or the next request's head is looked for past the buffer's end.
                if case .head(let scanned, let lines) = state, lines.isEmpty {
                    state = .head(scanned: scanned - start, lines: [])
                }
                start = 0
            }
        }
        while true {
            switch framing {
            case .length(let remaining):
                let count = min(remaining, buffer.count - start)
                body.append(contentsOf: buffer[start..<(start + count)])
                start += count
                guard remaining == count else { framing = .length(remaining: remaining - count); return nil }
                return finish(request)
            case .chunkSize:
                guard let line = try nextLine(maximum: 1024) else { return nil }
                let size = try chunkSize(line)
                if size == 0 {
                    framing = .trailers(bytesSeen: 0)
                } else {
                    guard body.count + size <= bodyLimit else { throw fail(Self.tooLarge(bodyLimit)) }
                    framing = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let count = min(remaining, buffer.count - start)
                body.append(contentsOf: buffer[start..<(start + count)])
                start += count
                guard remaining == count else { framing = .chunkData(remaining: remaining - count); return nil }
                framing = .chunkEnd
            case .chunkEnd:
                guard buffer.count - start >= 2 else { return nil }
                guard buffer[start] == HTTPSyntax.cr, buffer[start + 1] == HTTPSyntax.lf else {
                    throw fail(.badRequest("malformed_chunk", "Chunk data must be followed by CRLF."))
                }
                start += 2
                framing = .chunkSize
            case .trailers(let bytesSeen):
                let before = start
                guard let line = try nextLine(maximum: limits.maximumHeaderSize) else { return nil }
                let seen = bytesSeen + start - before
                guard seen <= limits.maximumHeaderSize else { throw fail(headerTooLarge(lines: [0..<0])) }
                if line.isEmpty { return finish(request) }
                do { _ = try parseField(line) } catch { throw fail(error) }  // validated, then discarded
                framing = .trailers(bytesSeen: seen)
            }
        }
    }

    private mutating func finish(_ request: HTTPRequest) -> Event {
        var request = request
        request.body = body
        body = []
        state = .head(scanned: start, lines: [])
        return .request(request)
    }

    /// The next CRLF-terminated line of the body's framing, without its CRLF.
    private mutating func nextLine(maximum: Int) throws(HTTPParserError) -> ArraySlice<UInt8>? {
        guard let lf = buffer[start...].firstIndex(of: HTTPSyntax.lf) else {
            if buffer.count - start > maximum { throw fail(.badRequest("malformed_chunk", "A chunk line is too long.")) }
            return nil
        }
        guard lf > start, buffer[lf - 1] == HTTPSyntax.cr else {
            throw fail(.badRequest("bare_line_feed", "Every line must end with CRLF."))
        }
        let line = buffer[start..<(lf - 1)]
        start = lf + 1
        return line
    }

    /// `chunk-size [ chunk-ext ]`: hex digits, then extensions that are ignored.
    private mutating func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParserError) -> Int {
        let digits = line.prefix { PercentDecoding.hexValue($0) != nil }
        let rest = line[digits.endIndex...]
        guard !digits.isEmpty, digits.count <= 15,
              rest.isEmpty || rest.first == UInt8(ascii: ";") || rest.first == HTTPSyntax.space || rest.first == HTTPSyntax.tab,
              rest.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw fail(.badRequest("malformed_chunk", "A chunk size must be hexadecimal."))
        }
        return digits.reduce(0) { $0 << 4 | Int(PercentDecoding.hexValue($1)!) }
    }
}
