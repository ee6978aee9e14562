import Testing
@testable import StudioHTTP

/// Feeds `text` to a parser in pieces of `pieceSize` bytes and collects whole requests, or the
/// error it stopped at.
func parseAll(_ text: String, pieceSize: Int = .max, limits: HTTPRequestParser.Limits = .init())
    -> (requests: [HTTPRequest], error: HTTPParserError?) {
    parseAll(Array(text.utf8), pieceSize: pieceSize, limits: limits)
}

func parseAll(_ bytes: [UInt8], pieceSize: Int = .max, limits: HTTPRequestParser.Limits = .init())
    -> (requests: [HTTPRequest], error: HTTPParserError?) {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [HTTPRequest] = []
    var offset = 0
    repeat {
        let end = min(bytes.count, offset + min(pieceSize, bytes.count))
        parser.append(bytes[offset..<end])
        offset = end
        do {
            while let event = try parser.next() {
                if case .request(let request) = event { requests.append(request) }
            }
        } catch {
            return (requests, error)
        }
    } while offset < bytes.count
    return (requests, nil)
}

@Suite struct ParserTests {
    private func single(_ text: String) throws -> HTTPRequest {
        let result = parseAll(text)
        #expect(result.error == nil)
        return try #require(result.requests.first)
    }

    private func status(_ text: String, limits: HTTPRequestParser.Limits = .init()) -> Int? {
        parseAll(text, limits: limits).error?.status.code
    }

    @Test func rfc9112Example() throws {
        // RFC 9112 §2.1's example request.
        let request = try single("GET /hello.txt HTTP/1.1\r\nUser-Agent: curl/7.64.1\r\nHost: www.example.com\r\nAccept-Language: en, mi\r\n\r\n")
        #expect(request.method == .get)
        #expect(request.target == "/hello.txt")
        #expect(request.path == "/hello.txt")
        #expect(request.version == .http1_1)
        #expect(request.headers["host"] == "www.example.com")
        #expect(request.headers["ACCEPT-LANGUAGE"] == "en, mi")
        #expect(request.headers.listElements(for: "Accept-Language") == ["en", "mi"])
        #expect(request.body.isEmpty)
    }

    @Test func byteByByteIsTheSameAsWhole() {
        let text = "POST /v1/x?a=1&b=two%20words&c=d+e HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello world"
        for size in [1, 2, 3, 7, 1000] {
            let result = parseAll(text, pieceSize: size)
            #expect(result.error == nil)
            #expect(result.requests.count == 1)
            let request = result.requests[0]
            #expect(String(decoding: request.body, as: UTF8.self) == "hello world")
            #expect(request.queryItems == [QueryItem(name: "a", value: "1"), QueryItem(name: "b", value: "two words"),
                                           QueryItem(name: "c", value: "d e")])
            #expect(request.headers.values(for: "X-A") == ["1", "2"])
            #expect(request.headers.fields.map(\.name) == ["Host", "Content-Length", "X-A", "x-a"])
        }
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let text = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHost: h\r\n\r\n"
        for size in [1, 5, 10_000] {
            let result = parseAll(text, pieceSize: size)
            #expect(result.error == nil)
            #expect(result.requests.map(\.path) == ["/1", "/2", "/3"])
            #expect(result.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "abc", ""])
        }
    }

    /// A body past 64 KiB makes the parser compact its buffer; the next request on the same
    /// connection must still be found (it once got 414, its head searched for past the buffer's end).
    @Test func aRequestAfterALargeBodyIsRead() {
        let body = String(repeating: "x", count: 110_000)
        let one = "POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let text = one + one.replacingOccurrences(of: "POST /1", with: "POST /2") + "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n"
        for size in [1_000, 16_384, 65_536, 200_000, .max] {
            let result = parseAll(text, pieceSize: size, limits: .init(maximumBodySize: 1 << 20))
            #expect(result.error == nil, "pieces of \(size): \(String(describing: result.error))")
            #expect(result.requests.map(\.path) == ["/1", "/2", "/3"], "pieces of \(size)")
            #expect(result.requests.map(\.body.count) == [110_000, 110_000, 0], "pieces of \(size)")
        }
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        #expect(try single("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").path == "/")
    }

    @Test func chunkedBody() throws {
        // RFC 9112 §7.1 framing, with an extension and a trailer.
        let text = "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;name=value\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n"
        for size in [1, 3, 10_000] {
            let result = parseAll(text, pieceSize: size)
            #expect(result.error == nil)
            #expect(result.requests.count == 1)
            #expect(String(decoding: result.requests[0].body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        }
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n123456789\r\n0\r\n\r\n",
                       limits: .init(maximumBodySize: 8)) == 413)
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501)
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 400),                                      // no Host
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),                // two Hosts
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("GET / HTTP/0.9\r\nHost: h\r\n\r\n", 505),
        ("GET / HTTP/1.x\r\nHost: h\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /  HTTP/1.1\r\nHost: h\r\n\r\n", 400),                          // two spaces
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400),
        ("GET\r\nHost: h\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),                           // not a token
        ("GET nope HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400),                       // bad percent-encoding
        ("GET /a%ff%fe HTTP/1.1\r\nHost: h\r\n\r\n", 400),                    // not UTF-8 once decoded
        ("GET /?q=%c3 HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),                          // space before colon
        ("GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n b\r\n\r\n", 400),      // obs-fold
        ("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n", 400),             // NUL in a value
        ("GET / HTTP/1.1\nHost: h\n\n", 400),                                 // bare LF
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400),                // bare CR
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\nab", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nExpect: the-unexpected\r\n\r\n", 417),
    ])
    func malformedRequests(text: String, expected: Int) {
        #expect(status(text) == expected, "\(text.debugDescription)")
    }

    @Test func sameContentLengthTwiceIsAccepted() throws {
        let request = try single("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab")
        #expect(request.body == Array("ab".utf8))
    }

    @Test func http10NeedsNoHostAndHigherMinorIsHTTP11() throws {
        let old = try single("GET / HTTP/1.0\r\n\r\n")
        #expect(old.version == .http1_0)
        #expect(!old.wantsKeepAlive)
        #expect(try single("GET / HTTP/1.9\r\nHost: h\r\n\r\n").version == .http1_1)
        #expect(try single("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n").wantsKeepAlive == false)
    }

    @Test func targetForms() throws {
        let absolute = try single("GET http://example.com/a%20b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(absolute.path == "/a b")
        #expect(absolute.query("x") == "1")
        #expect(try single("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").path == "*")
        let encoded = try single("GET /caf%C3%A9/%2e%2e/x HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(encoded.path == "/café/../x")   // decoded once, never normalised
        #expect(encoded.rawPath == "/caf%C3%A9/%2e%2e/x")
        #expect(status("GET /caf\u{e9} HTTP/1.1\r\nHost: h\r\n\r\n") == 400)  // raw UTF-8 in the target
    }

    /// Found by fuzzing: `://` inside an origin-form target (in a path segment or in the query)
    /// made it look like absolute-form, and the path became whatever followed the next `/`.
    @Test func schemeSeparatorInsideAnOriginFormTargetIsNotAnAuthority() throws {
        let query = try single("GET /private?next=http://example.com/public.html HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(query.path == "/private")
        #expect(query.query("next") == "http://example.com/public.html")
        let segment = try single("GET /proxy/http://x/y HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(segment.path == "/proxy/http://x/y")
        #expect(segment.rawPath == "/proxy/http://x/y")
        #expect(try single("GET HTTP://example.com/a?u=https://b/c HTTP/1.1\r\nHost: h\r\n\r\n").path == "/a")
    }

    /// Found by fuzzing: an error in the request line or a header field was thrown without
    /// putting the parser in its failed state. After a pipelined request (whose bytes the next
    /// head drops from the buffer) a further `next()` then returned nil or another error; the
    /// type promises it keeps throwing the same error (the connection must close).
    @Test(arguments: ["GET / HTTP/1.x\r\nHost: h\r\n\r\n", "GET / HTTP/1.1\r\nBad Field: x\r\n\r\n", ": x\r\n\r\n",
                      "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
                      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"])
    func anErrorInTheHeadIsFinal(_ text: String) throws {
        var parser = HTTPRequestParser()
        parser.append(Array(("GET /first HTTP/1.1\r\nHost: h\r\n\r\n" + text).utf8))
        let first = #expect(throws: HTTPParserError.self) { while try parser.next() != nil {} }
        let again = #expect(throws: HTTPParserError.self) { _ = try parser.next() }
        #expect(first != nil && again == first)
    }

    @Test func headerLimit() {
        let big = String(repeating: "a", count: 17 * 1024)
        #expect(status("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(big)\r\n\r\n") == 431)
        #expect(status("GET /\(big) HTTP/1.1\r\nHost: h\r\n\r\n") == 414)
        // The limit counts whole lines: just under it passes, in any pieces.
        let fits = String(repeating: "b", count: 16 * 1024 - 40)
        #expect(parseAll("GET / HTTP/1.1\r\nHost: h\r\nX: \(fits)\r\n\r\n", pieceSize: 100).error == nil)
        // An endless header section is refused as soon as it passes the limit, not at its end.
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n".utf8))
        var thrown: HTTPParserError?
        for _ in 0..<2000 where thrown == nil {
            parser.append(Array("X-Slow: 123456789\r\n".utf8))
            do { _ = try parser.next() } catch { thrown = error }
        }
        #expect(thrown?.status.code == 431)
    }

    @Test func bodyLimitCanBeSetPerRequestAtTheHead() throws {
        var parser = HTTPRequestParser(limits: .init(maximumBodySize: 10))
        parser.append(Array("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 20\r\nExpect: 100-continue\r\n\r\n".utf8))
        guard case .head(let head) = try parser.next() else { Issue.record("no head"); return }
        #expect(head.headers["Expect"] == "100-continue")
        try parser.setBodyLimit(100)
        #expect(try parser.next() == nil)
        parser.append(Array(repeating: 0x41, count: 20))
        guard case .request(let request) = try parser.next() else { Issue.record("no request"); return }
        #expect(request.body.count == 20)

        var small = HTTPRequestParser()
        small.append(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 20\r\n\r\n".utf8))
        _ = try small.next()
        #expect(throws: HTTPRequestParser.tooLarge(5)) { try small.setBodyLimit(5) }
        #expect(throws: HTTPRequestParser.tooLarge(5)) { try small.next() }   // and it stays failed
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2000000\r\n\r\n") == 413)
    }
}
