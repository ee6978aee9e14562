import Foundation
import Testing
@testable import StudioHTTP

/// A published tree in a temporary directory, with a secret beside it and symlinks in and out.
final class PublicTree {
    let base: URL
    let root: URL
    let song: [UInt8] = (0..<1000).map { UInt8($0 % 251) }

    init(with404Page: Bool = false) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("studio-http-\(UUID().uuidString)")
        root = base.appendingPathComponent("public")
        let files = FileManager.default
        try files.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("s/tok"), withIntermediateDirectories: true)
        try "<h1>home</h1>".write(to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "{\"a\":1}".write(to: root.appendingPathComponent("data/index.json"), atomically: true, encoding: .utf8)
        try "<p>share</p>".write(to: root.appendingPathComponent("s/tok/index.html"), atomically: true, encoding: .utf8)
        try "body{}".write(to: root.appendingPathComponent("app.css"), atomically: true, encoding: .utf8)
        try "spaced".write(to: root.appendingPathComponent("a b.txt"), atomically: true, encoding: .utf8)
        try Data(song).write(to: root.appendingPathComponent("song.mp3"))
        try "top secret".write(to: base.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try files.createSymbolicLink(atPath: root.appendingPathComponent("escape.txt").path, withDestinationPath: "../secret.txt")
        try files.createSymbolicLink(atPath: root.appendingPathComponent("outside").path, withDestinationPath: base.path)
        try files.createSymbolicLink(atPath: root.appendingPathComponent("style.css").path, withDestinationPath: "app.css")
        if with404Page {
            try "<h1>lost</h1>".write(to: root.appendingPathComponent("404.html"), atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    var responder: StaticFileResponder { StaticFileResponder(root: root.path)! }
}

extension SocketTests {
@Suite(.timeLimit(.minutes(1))) struct StaticFileTests {
    private func get(_ target: String, _ extra: String = "", method: String = "GET", tree: PublicTree? = nil) async throws -> RawResponse {
        let tree = try tree ?? PublicTree()
        return try await withServer(responder: tree.responder) { _, port in
            try RawClient(port: port).exchange("\(method) \(target) HTTP/1.1\r\nHost: x\r\n\(extra)\r\n", head: method == "HEAD")
        }
    }

    @Test func servesFilesWithTypeValidatorsAndCaching() async throws {
        let tree = try PublicTree()
        try await withServer(responder: tree.responder) { _, port in
            let client = try RawClient(port: port)
            let page = try client.exchange("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(page.status == 200)
            #expect(page.text == "<h1>home</h1>")
            #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.headers["Cache-Control"] == "no-cache")
            #expect(page.headers["Accept-Ranges"] == "bytes")
            #expect(page.headers["ETag"]?.hasPrefix("\"") == true)
            #expect(page.headers["Last-Modified"].flatMap(HTTPDate.parse) != nil)
            let song = try client.exchange("GET /song.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(song.body == tree.song)
            #expect(song.headers["Content-Type"] == "audio/mpeg")
            #expect(song.headers["Cache-Control"] == "public, max-age=3600")
            #expect(try client.exchange("GET /a%20b.txt HTTP/1.1\r\nHost: x\r\n\r\n").text == "spaced")
            #expect(try client.exchange("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n").text == "body{}")  // a symlink inside
        }
    }

    @Test func headHasNoBodyButTheRightLength() async throws {
        let response = try await get("/song.mp3", method: "HEAD")
        #expect(response.status == 200)
        #expect(response.headers["Content-Length"] == "1000")
        #expect(response.body.isEmpty)
        let ranged = try await get("/song.mp3", "Range: bytes=0-9\r\n", method: "HEAD")
        #expect(ranged.status == 200)   // Range is defined for GET only
    }

    @Test func directoriesServeTheirIndexAndRedirectWithoutASlash() async throws {
        let home = try await get("/")
        #expect(home.text == "<h1>home</h1>")
        let json = try await get("/data/")
        #expect(json.text == "{\"a\":1}")
        #expect(json.headers["Content-Type"] == "application/json; charset=utf-8")
        let redirect = try await get("/data?x=1")
        #expect(redirect.status == 301)
        #expect(redirect.headers["Location"] == "/data/?x=1")
        #expect(try await get("/s/tok/").text == "<p>share</p>")
        #expect(try await get("/empty/").status == 404)   // no listings
        #expect(try await get("/nope.txt").status == 404)
    }

    @Test func byteRanges() async throws {
        let tree = try PublicTree()
        try await withServer(responder: tree.responder) { _, port in
            let client = try RawClient(port: port)
            func range(_ spec: String, _ extra: String = "") throws -> RawResponse {
                try client.exchange("GET /song.mp3 HTTP/1.1\r\nHost: x\r\nRange: \(spec)\r\n\(extra)\r\n")
            }
            let first = try range("bytes=0-99")
            #expect(first.status == 206)
            #expect(first.headers["Content-Range"] == "bytes 0-99/1000")
            #expect(first.body == Array(tree.song[0..<100]))
            let suffix = try range("bytes=-100")
            #expect(suffix.headers["Content-Range"] == "bytes 900-999/1000")
            #expect(suffix.body == Array(tree.song[900...]))
            let open = try range("bytes=100-")
            #expect(open.body == Array(tree.song[100...]))
            #expect(open.headers["Content-Length"] == "900")
            #expect(try range("bytes=990-5000").headers["Content-Range"] == "bytes 990-999/1000")
            let beyond = try range("bytes=1000-")
            #expect(beyond.status == 416)
            #expect(beyond.headers["Content-Range"] == "bytes */1000")
            #expect(try range("bytes=-0").status == 416)
            let several = try range("bytes=0-1, 5-6")
            #expect(several.status == 200)
            #expect(several.body == tree.song)
            #expect(try range("bytes=9-2").status == 200)       // invalid: ignored
            #expect(try range("items=0-5").status == 200)
            let etag = try #require(first.headers["ETag"])
            let modified = try #require(first.headers["Last-Modified"])
            #expect(try range("bytes=0-9", "If-Range: \(etag)\r\n").status == 206)
            #expect(try range("bytes=0-9", "If-Range: \"stale\"\r\n").status == 200)
            #expect(try range("bytes=0-9", "If-Range: \(modified)\r\n").status == 206)
            #expect(try range("bytes=0-9", "If-Range: Sun, 06 Nov 1994 08:49:37 GMT\r\n").status == 200)
        }
    }

    @Test func conditionalRequestsGet304() async throws {
        let tree = try PublicTree()
        try await withServer(responder: tree.responder) { _, port in
            let client = try RawClient(port: port)
            let full = try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\n\r\n")
            let etag = try #require(full.headers["ETag"])
            let modified = try #require(full.headers["Last-Modified"])
            let byTag = try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\", \(etag)\r\n\r\n")
            #expect(byTag.status == 304)
            #expect(byTag.body.isEmpty)
            #expect(byTag.headers["ETag"] == etag)
            #expect(byTag.headers["Content-Length"] == nil)
            #expect(try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/\(etag)\r\n\r\n").status == 304)
            #expect(try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: \(modified)\r\n\r\n").status == 304)
            #expect(try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n").status == 200)
            // If-None-Match wins over If-Modified-Since.
            #expect(try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\nIf-Modified-Since: \(modified)\r\n\r\n").status == 200)
            #expect(try client.exchange("GET /app.css HTTP/1.1\r\nHost: x\r\nIf-Match: \"other\"\r\n\r\n").status == 412)
        }
    }

    @Test(arguments: [
        "/../etc/passwd", "/..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/secret.txt", "/a%2f..%2f..%2fsecret.txt",
        "/data/../../secret.txt", "/./index.html", "/%5c..%5csecret.txt", "/index.html%00.txt", "//etc/passwd",
        "/escape.txt", "/outside/secret.txt", "/outside/", "/data/..",
    ])
    func pathsThatLeaveTheRootAre404(target: String) async throws {
        let response = try await get(target)
        #expect(response.status == 404, "\(target)")
        #expect(!response.text.contains("top secret"))
        #expect(!response.text.contains("root:"))
    }

    @Test func otherMethodsAre405WithAllow() async throws {
        let response = try await get("/index.html", "Content-Length: 0\r\n", method: "POST")
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
    }

    @Test func customNotFoundPage() async throws {
        let tree = try PublicTree(with404Page: true)
        let response = try await get("/missing", tree: tree)
        #expect(response.status == 404)
        #expect(response.text == "<h1>lost</h1>")
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(try await get("/../x", tree: tree).text == "<h1>lost</h1>")
    }

    @Test func aFileLargerThanTheSocketBufferIsStreamedWhole() async throws {
        let tree = try PublicTree()
        let big = (0..<(8 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(big).write(to: tree.root.appendingPathComponent("big.flac"))
        let response = try await get("/big.flac", tree: tree)
        #expect(response.headers["Content-Type"] == "audio/flac")
        #expect(response.body.count == big.count)
        #expect(response.body == big)
    }
}

}

@Suite struct StaticFileUnitTests {
    @Test(arguments: [
        ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"), ("a.json", "application/json; charset=utf-8"),
        ("a.svg", "image/svg+xml; charset=utf-8"), ("a.png", "image/png"), ("a.JPG", "image/jpeg"),
        ("a.webp", "image/webp"), ("favicon.ico", "image/x-icon"), ("a.txt", "text/plain; charset=utf-8"),
        ("a.xml", "application/xml; charset=utf-8"), ("list.m3u", "audio/x-mpegurl; charset=utf-8"),
        ("a.mp3", "audio/mpeg"), ("a.flac", "audio/flac"), ("a.ogg", "audio/ogg"), ("a.opus", "audio/ogg; codecs=opus"),
        ("a.wav", "audio/wav"), ("a.m4a", "audio/mp4"), ("f.woff2", "font/woff2"), ("noext", "application/octet-stream"),
        (".hidden", "application/octet-stream"), ("a.bin", "application/octet-stream"),
    ])
    func mediaTypes(name: String, type: String) {
        #expect(MediaType.forPath("/x/" + name) == type)
    }

    @Test func byteRangeParsing() {
        #expect(ByteRange(header: "bytes=0-99", size: 1000) == .partial(first: 0, last: 99))
        #expect(ByteRange(header: "bytes=-100", size: 50) == .partial(first: 0, last: 49))
        #expect(ByteRange(header: "bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=-5", size: 0) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=abc", size: 10) == .whole)
        #expect(ByteRange(header: "bytes=1-2-3", size: 10) == .whole)
        #expect(ByteRange(header: nil, size: 10) == .whole)
    }

    @Test func httpDates() {
        // RFC 9110 §5.6.7's three forms of the same instant.
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == 784111777)
        #expect(HTTPDate.format(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("yesterday") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
    }

    @Test func rootMustBeADirectory() {
        #expect(StaticFileResponder(root: "/definitely/not/here") == nil)
    }
}
