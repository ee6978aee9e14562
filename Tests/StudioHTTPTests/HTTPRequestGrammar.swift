import StudioFuzzSupport
@testable import StudioHTTP

/// Generates HTTP/1.1 requests from the grammar of RFC 9112 together with what the parser must
/// make of them: the well-formed ones with the method, path, query, fields and body it must
/// yield, and ones with exactly one fault with the status it must refuse them with.
///
/// Mutation finds crashes; only a generator that knows the answer finds a parser that quietly
/// reads a request wrong (a lost body byte, a mis-decoded path, an accepted smuggling vector).
struct HTTPRequestGrammar {
    /// What one generated request must come out as.
    struct Expected: Sendable, Equatable, CustomStringConvertible {
        var method: String
        var path: String
        var query: [QueryItem]
        var fields: [HTTPHeaders.Field]
        var body: [UInt8]

        var description: String { "\(method) \(path) \(query.map { "\($0.name)=\($0.value)" }) body \(body.count)" }
    }

    /// A fault and the status the parser must answer it with.
    struct Fault: Sendable {
        var name: String
        var status: Int
    }

    let limits = HTTPRequestParser.Limits(maximumHeaderSize: 2048, maximumBodySize: 256)

    /// One request: its bytes, and what it must parse to.
    func request(using random: inout FuzzRandom, bodyless: Bool = false) -> (bytes: [UInt8], expected: Expected, http10: Bool) {
        let method = random.chance(0.8) ? random.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
                                        : token(using: &random, count: random.int(1...8))
        let (rawPath, path) = self.path(using: &random)
        var target = rawPath
        var query: [QueryItem] = []
        if random.chance(0.4) {
            var parts: [String] = []
            for _ in 0..<random.int(1...3) {
                let (rawName, name) = encoded(using: &random, count: random.int(1...6), forQuery: true)
                let (rawValue, value) = encoded(using: &random, count: random.int(0...8), forQuery: true)
                parts.append(rawName + "=" + rawValue)
                query.append(QueryItem(name: name, value: value))
            }
            target += "?" + parts.joined(separator: "&")
        }
        let http10 = random.chance(0.15)
        var fields: [HTTPHeaders.Field] = []
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            let before = random.pick(["", " ", "  ", "\t"]), after = random.pick(["", "", " ", "\t "])
            lines.append("\(name):\(before)\(value)\(after)")
            fields.append(.init(name: name, value: value))
        }
        if !http10 || random.chance(0.5) { field(random.pick(["Host", "host", "HOST"]), random.pick(["h", "example.com", "127.0.0.1:8080", "[::1]:80"])) }
        for _ in 0..<random.int(0...4) {
            field(token(using: &random, count: random.int(1...12)).replacingOccurrences(of: "host", with: "hist"), fieldValue(using: &random))
        }
        let body = (0..<random.int(0...(bodyless || random.chance(0.5) ? 0 : limits.maximumBodySize))).map { _ in UInt8.random(in: 0...255, using: &random) }
        var encodedBody: [UInt8] = []
        if !body.isEmpty || (!bodyless && random.chance(0.2)) {
            if !http10 && random.chance(0.5) {
                field(random.pick(["Transfer-Encoding", "transfer-encoding"]), random.pick(["chunked", "Chunked", "CHUNKED"]))
                encodedBody = chunked(body, using: &random)
            } else {
                let length = String(body.count)
                field("Content-Length", random.chance(0.1) ? "\(length), \(length)" : length)
                encodedBody = body
            }
        }
        let head = (random.chance(0.1) ? "\r\n" : "") + "\(method) \(target) HTTP/1.\(http10 ? 0 : random.pick([1, 1, 1, 9]))\r\n"
            + lines.map { $0 + "\r\n" }.joined() + "\r\n"
        return (Array(head.utf8) + encodedBody, Expected(method: method, path: path, query: query, fields: fields, body: body), http10)
    }

    /// A well-formed request with one fault put in, and the status that fault must draw.
    func faulty(using random: inout FuzzRandom) -> (bytes: [UInt8], fault: Fault) {
        var (bytes, _, http10) = request(using: &random, bodyless: true)
        var text = String(decoding: bytes, as: UTF8.self)
        let headEnd = text.range(of: "\r\n\r\n")!.lowerBound
        let firstLineEnd = text.range(of: "\r\n", range: text.index(after: text.startIndex)..<text.endIndex)!.lowerBound
        func insertField(_ line: String) { text.insert(contentsOf: "\r\n" + line, at: headEnd) }
        let fault: Fault
        switch random.int(0...13) {
        case 0:
            text.insert(contentsOf: "\nX-A: b", at: firstLineEnd); fault = Fault(name: "bare LF", status: 400)
        case 1: insertField("X-Space : b"); fault = Fault(name: "space before colon", status: 400)
        case 2: insertField("X-A: b\r\n folded"); fault = Fault(name: "obs-fold", status: 400)
        case 3:
            insertField("Content-Length: 1"); insertField("Transfer-Encoding: chunked")
            fault = Fault(name: "CL with TE", status: 400)
        case 4: insertField("Content-Length: 1"); insertField("Content-Length: 2"); fault = Fault(name: "two lengths", status: 400)
        case 5 where !http10:
            insertField("Transfer-Encoding: gzip, chunked"); fault = Fault(name: "gzip then chunked", status: 501)
        case 6 where !http10: insertField("Transfer-Encoding: chunked, gzip"); fault = Fault(name: "chunked not last", status: 400)
        case 7: text.replaceSubrange(text.range(of: " HTTP/1.")!, with: " HTTP/2."); fault = Fault(name: "HTTP/2", status: 505)
        case 8: text.replaceSubrange(text.range(of: " HTTP/1.")!, with: " HTTP/1.x"); fault = Fault(name: "bad version", status: 400)
        case 9: insertField("Expect: 200-ok"); fault = Fault(name: "unknown expectation", status: 417)
        case 10: insertField("X-Big: " + String(repeating: "a", count: limits.maximumHeaderSize)); fault = Fault(name: "header too large", status: 431)
        case 11: insertField("Content-Length: \(limits.maximumBodySize + random.int(1...1_000_000))"); fault = Fault(name: "body too large", status: 413)
        case 12: insertField("X-Ctl: a\u{1}b"); fault = Fault(name: "control character", status: 400)
        default: insertField("Content-Length: -\(random.int(1...9))"); fault = Fault(name: "negative length", status: 400)
        }
        bytes = Array(text.utf8)
        return (bytes, fault)
    }

    // MARK: - Pieces

    private func token(using random: inout FuzzRandom, count: Int) -> String {
        String((0..<count).map { _ in random.pick(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~")) })
    }

    private func fieldValue(using random: inout FuzzRandom) -> String {
        let count = random.int(0...30)
        var value = String((0..<count).map { _ in random.pick(Array("abc XYZ019 ,;=\"()/:?@[]{}\t~é✓")) })
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        return value
    }

    /// A raw path and its decoding: segments of unreserved characters and percent-escapes of any
    /// UTF-8 text.
    private func path(using random: inout FuzzRandom) -> (raw: String, decoded: String) {
        var raw = "", decoded = ""
        for _ in 0..<random.int(0...4) {
            let (rawSegment, segment) = encoded(using: &random, count: random.int(0...8), forQuery: false)
            raw += "/" + rawSegment
            decoded += "/" + segment
        }
        if raw.isEmpty || random.chance(0.2) { raw += "/"; decoded += "/" }
        return (raw, decoded)
    }

    /// `count` characters, some percent-encoded (always when they are not allowed as they are).
    private func encoded(using random: inout FuzzRandom, count: Int, forQuery: Bool) -> (raw: String, decoded: String) {
        let plain = Array("abcXYZ019-._~!$'()*,;:@" + (forQuery ? "" : "+&="))
        var raw = "", decoded = ""
        for _ in 0..<count {
            let character: Character = random.chance(0.7) ? random.pick(plain) : random.pick(Array(" /?#%&=+é✓\u{1F3B5}\u{7F}\"<>"))
            if forQuery && character == " " && random.chance(0.5) {
                raw += "+"
            } else if plain.contains(character) && random.chance(0.9) {
                raw.append(character)
            } else {
                raw += String(character).utf8.map { "%" + (random.chance(0.5) ? hex($0).uppercased() : hex($0)) }.joined()
            }
            decoded.append(character)
        }
        return (raw, decoded)
    }

    private func hex(_ byte: UInt8) -> String { (byte < 16 ? "0" : "") + String(byte, radix: 16) }

    /// `body` in chunks of random sizes, with extensions and trailers here and there.
    private func chunked(_ body: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        while offset < body.count {
            let size = random.int(1...min(body.count - offset, 64))
            var line = String(size, radix: 16)
            if random.chance(0.5) { line = line.uppercased() }
            if random.chance(0.2) { line = "00" + line }
            if random.chance(0.2) { line += random.pick([";x=y", "; name", ";a=\"q s\""]) }
            out += Array((line + "\r\n").utf8) + body[offset..<(offset + size)] + Array("\r\n".utf8)
            offset += size
        }
        out += Array("0\r\n".utf8)
        if random.chance(0.3) { out += Array("Trailer-A: \(random.int(0...99))\r\n".utf8) }
        return out + Array("\r\n".utf8)
    }
}
