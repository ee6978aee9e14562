#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import StudioHTTP

/// SplitMix64: a tiny seeded generator, so that every fuzz run is the same run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Requests that are valid, to be mutated.
let fuzzCorpus = [
    "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "POST /v1/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\n{\"a\"}",
    "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n",
    "GET /a%20b/%2e%2e?x=%41 HTTP/1.0\r\n\r\nGET /second HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nxyz",
]

/// Pieces of syntax worth splicing in: separators, framing headers, numbers at the edges.
let fuzzTokens = ["\r\n", "\r", "\n", " ", "\t", ":", "%", "%0", "%zz", "%00", "..", "0\r\n\r\n", "ffffffffffffffff",
                  "Content-Length: 3\r\n", "Transfer-Encoding: chunked\r\n", "Host: x\r\n", " folded\r\n",
                  "HTTP/1.1", "HTTP/9.9", "\u{0}", "\u{7f}", "é", "-1", "99999999999999999999"]

func mutate(_ input: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &random) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
        case 2 where position < bytes.count:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
        case 3: bytes.insert(contentsOf: Array(fuzzTokens.randomElement(using: &random)!.utf8), at: position)
        case 4 where position < bytes.count:
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        default: bytes = Array(bytes.prefix(position))
        }
    }
    return bytes
}

@Suite struct FuzzTests {
    /// 4,000 mutated requests, fed whole and in random pieces: the parser never traps, each
    /// `next()` loop ends, and the outcome does not depend on how the bytes were split.
    @Test func mutatedRequestsNeverTrapAndSplittingDoesNotMatter() {
        var random = SeededGenerator(seed: 0x5EED_2026)
        let limits = HTTPRequestParser.Limits(maximumHeaderSize: 512, maximumBodySize: 64)
        for iteration in 0..<4000 {
            let input = mutate(Array(fuzzCorpus[iteration % fuzzCorpus.count].utf8), using: &random)
            let whole = outcome(input, pieces: [input.count], limits: limits)
            var pieces: [Int] = []
            var remaining = input.count
            while remaining > 0 {
                let piece = Int.random(in: 1...max(1, min(remaining, 7)), using: &random)
                pieces.append(piece)
                remaining -= piece
            }
            let split = outcome(input, pieces: pieces, limits: limits)
            #expect(whole == split, "iteration \(iteration): \(String(decoding: input, as: UTF8.self).debugDescription)")
        }
    }

    /// Paths, statuses and bodies of the requests parsed, then the error status if any.
    private func outcome(_ input: [UInt8], pieces: [Int], limits: HTTPRequestParser.Limits) -> [String] {
        var parser = HTTPRequestParser(limits: limits)
        var result: [String] = []
        var offset = 0
        var events = 0
        for piece in pieces {
            parser.append(input[offset..<(offset + piece)])
            offset += piece
            do {
                while let event = try parser.next() {
                    events += 1
                    if events > input.count + 10 { return result + ["runaway"] }   // must always terminate
                    if case .request(let request) = event {
                        result.append("\(request.method) \(request.path) \(request.body.count)")
                    }
                }
            } catch {
                return result + ["error \(error.status.code)"]
            }
        }
        return result
    }

}

extension SocketTests {
@Suite(.timeLimit(.minutes(1))) struct ServerFuzzTests {
    /// Mutated requests sent to a real server on many connections at once: afterwards it still
    /// serves a normal request promptly.
    @Test func theServerSurvivesMutatedRequests() async throws {
        var random = SeededGenerator(seed: 42)
        try await withServer(responder: EchoResponder()) { _, port in
            for _ in 0..<4 {
                var clients: [RawClient] = []
                for index in 0..<50 {
                    let client = try RawClient(port: port, timeout: 1)
                    client.send(mutate(Array(fuzzCorpus[index % fuzzCorpus.count].utf8), using: &random))
                    shutdown(client.fd, Int32(SHUT_WR))
                    clients.append(client)
                }
                for client in clients { _ = client.waitForClose() }
            }
            let check = try RawClient(port: port)
            #expect(try check.exchange("GET /alive HTTP/1.1\r\nHost: x\r\n\r\n").text == "GET /alive")
        }
    }
}
}
