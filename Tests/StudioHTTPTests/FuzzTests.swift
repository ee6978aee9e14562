#if canImport(Glibc)
import Glibc
#endif
import StudioFuzzSupport
import Testing
@testable import StudioHTTP

/// Requests that are valid, to be mutated.
let fuzzCorpus = [
    "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "POST /v1/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\n{\"a\"}",
    "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n",
    "GET /a%20b/%2e%2e?x=%41 HTTP/1.0\r\n\r\nGET /second HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nxyz",
    "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\nCONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET http://h/abs?q=%E2%9C%93+x HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1\r\n\r\n",
]

/// Pieces of syntax worth splicing in: separators, framing headers, numbers at the edges.
let httpFuzzTokens = ["\r\n", "\r", "\n", " ", "\t", ":", "%", "%0", "%zz", "%00", "%C3", "..", "0\r\n\r\n", "ffffffffffffffff",
                      "Content-Length: 3\r\n", "Content-Length: 0, 0\r\n", "Transfer-Encoding: chunked\r\n",
                      "Transfer-Encoding: gzip\r\n", "Host: x\r\n", " folded\r\n", "Expect: 100-continue\r\n",
                      "HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTP/1.10", "\u{0}", "\u{7f}", "é", "-1", "99999999999999999999",
                      "\r\n\r\n", ";ext=1", "?", "#", "+", "*", "http://"]

let httpMutator = FuzzMutator(tokens: httpFuzzTokens)

/// The request parser under generated input. Each test is a bounded campaign (docs/RELIABILITY.md,
/// "Fuzzing"): a fixed seed, an iteration count and a time budget, every input under a 1 s watchdog.
@Suite struct FuzzTests {
    /// Mutated valid requests, fed whole and in random pieces: the parser never traps or hangs,
    /// either yields requests or a documented error status, stays failed once failed, keeps the
    /// body limit, and reads the same however the bytes were split.
    @Test func mutatedRequestsNeverTrapAndSplittingDoesNotMatter() async {
        let driver = ParserDriver(limits: .init(maximumHeaderSize: 512, maximumBodySize: 64))
        let report = await FuzzCampaign("mutated requests", seed: 0x5EED_2026, iterations: 100_000, seconds: 5).run(
            generate: { random, iteration in
                let input = httpMutator.mutate(Array(fuzzCorpus[iteration % fuzzCorpus.count].utf8), using: &random)
                return (input, ParserDriver.pieces(input.count, using: &random))
            },
            describe: { FuzzDescription.of($0.0) },
            check: { input, pieces in
                let whole = driver.run(input, pieces: [input.count])
                let split = driver.run(input, pieces: pieces)
                var problems = whole.problems + split.problems
                if whole.events != split.events {
                    problems.append("whole: \(whole.events), in pieces \(pieces): \(split.events)")
                }
                let tally = switch whole.events.last { case .error(let status)?: "error \(status)"; case .request?: "parsed"; case nil: "incomplete" }
                return .init(problems: problems, tally: tally)
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.inputs > 1000)
    }

    /// Pipelines of one to three requests generated from the grammar, in random pieces: each
    /// comes out exactly as generated — method, decoded path and query, every field with its
    /// value trimmed, and the body after chunked decoding.
    @Test func generatedRequestsParseToWhatWasGenerated() async {
        let grammar = HTTPRequestGrammar()
        let driver = ParserDriver(limits: grammar.limits)
        let report = await FuzzCampaign("generated requests", seed: 0x6EA4_2026, iterations: 20_000, seconds: 5).run(
            generate: { random, _ in
                var bytes: [UInt8] = []
                var expected: [ParserDriver.Event] = []
                for _ in 0..<random.int(1...3) {
                    let request = grammar.request(using: &random)
                    bytes += request.bytes
                    expected.append(.request(request.expected))
                }
                return (bytes, expected, ParserDriver.pieces(bytes.count, using: &random))
            },
            describe: { FuzzDescription.of($0.0) },
            check: { bytes, expected, pieces in
                let run = driver.run(bytes, pieces: pieces)
                guard run.events == expected else {
                    return .fail("expected \(expected), parsed \(run.events)" + run.problems.map { "; \($0)" }.joined())
                }
                return .init(problems: run.problems, tally: "\(expected.count) pipelined")
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.inputs > 100)  // a floor for a slow machine: the budget, not the count, bounds it
    }

    /// A generated request with one fault, after zero to two good ones: the good ones are read,
    /// then the fault draws its own status — no lenient reading of a smuggling vector.
    @Test func generatedFaultsDrawTheirStatus() async {
        let grammar = HTTPRequestGrammar()
        let driver = ParserDriver(limits: grammar.limits)
        let report = await FuzzCampaign("generated faults", seed: 0xFA17_2026, iterations: 15_000, seconds: 4).run(
            generate: { random, _ in
                var bytes: [UInt8] = []
                var expected: [ParserDriver.Event] = []
                for _ in 0..<random.int(0...2) {
                    let request = grammar.request(using: &random)
                    bytes += request.bytes
                    expected.append(.request(request.expected))
                }
                let faulty = grammar.faulty(using: &random)
                bytes += faulty.bytes
                expected.append(.error(faulty.fault.status))
                return (bytes, expected, faulty.fault.name, ParserDriver.pieces(bytes.count, using: &random))
            },
            describe: { "\($0.2): " + FuzzDescription.of($0.0) },
            check: { bytes, expected, fault, pieces in
                let run = driver.run(bytes, pieces: pieces)
                guard run.events == expected else { return .fail("\(fault): expected \(expected), parsed \(run.events)") }
                return .init(problems: run.problems, tally: fault)
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.tallies.count >= 12, "every kind of fault was generated: \(report.tallies.keys.sorted())")
    }
}

extension SocketTests {
@Suite(.timeLimit(.minutes(1))) struct ServerFuzzTests {
    /// Mutated requests sent to a real server on many connections at once: afterwards it still
    /// serves a normal request promptly.
    @Test func theServerSurvivesMutatedRequests() async throws {
        var random = FuzzRandom(seed: 42)
        try await withServer(responder: EchoResponder()) { _, port in
            for _ in 0..<4 {
                var clients: [RawClient] = []
                for index in 0..<50 {
                    let client = try RawClient(port: port, timeout: 1)
                    client.send(httpMutator.mutate(Array(fuzzCorpus[index % fuzzCorpus.count].utf8), using: &random))
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
