import Foundation
import StudioFuzzSupport
import Testing
@testable import StudioHTTP

/// `Range` under generated headers (RFC 9110 §14): the parser agrees with an independent reading
/// of the RFC, and the static file responder never sends a byte outside the file.
@Suite struct RangeFuzzTests {
    static let sizes = [0, 1, 2, 7, 100, 4096]

    /// RFC 9110 §14.1.2 and §14.2 read afresh, with the two choices docs/HTTP.md documents: a
    /// header listing several ranges is ignored (200 with everything, which §14.2 allows), and so
    /// is a position longer than 18 digits (it could not be an offset into any file we serve).
    static func model(_ header: String?, size: Int) -> ByteRange {
        guard let header else { return .whole }
        let ows: Set<Character> = [" ", "\t"]
        var text = Substring(header)
        while let first = text.first, ows.contains(first) { text.removeFirst() }
        while let last = text.last, ows.contains(last) { text.removeLast() }
        guard text.count >= 6, text.prefix(6).lowercased() == "bytes=" else { return .whole }  // range units are case-insensitive
        text = text.dropFirst(6)
        while let first = text.first, ows.contains(first) { text.removeFirst() }
        var firstDigits = "", lastDigits = "", sawDash = false
        for character in text {
            if character == "-" && !sawDash { sawDash = true; continue }
            guard character.isASCII, character.isNumber else { return .whole }  // a list, a second dash, anything else
            if sawDash { lastDigits.append(character) } else { firstDigits.append(character) }
        }
        guard sawDash, firstDigits.count <= 18, lastDigits.count <= 18 else { return .whole }
        if firstDigits.isEmpty {  // suffix-range: the last N bytes
            guard let suffix = Int(lastDigits) else { return .whole }
            return suffix > 0 && size > 0 ? .partial(first: max(0, size - suffix), last: size - 1) : .unsatisfiable
        }
        let first = Int(firstDigits)!
        if let last = Int(lastDigits), last < first { return .whole }  // an invalid range-spec: the field is ignored
        guard first < size else { return .unsatisfiable }
        return .partial(first: first, last: min(Int(lastDigits) ?? (size - 1), size - 1))
    }

    static let mutator = FuzzMutator(tokens: ["bytes=", "BYTES=", "-", ",", " ", "\t", "0", "1", "18446744073709551616",
                                              "999999999999999999", "9999999999999999999", "=", "items=", "-0", "+1", "٣", "0x10"],
                                     maximumEdits: 3)

    /// A Range value as clients write them, good and bad, around the edges of `size`.
    static func header(size: Int, using random: inout FuzzRandom) -> String? {
        if random.chance(0.03) { return nil }
        func position() -> String {
            random.pick([
                "0", "1", String(max(0, size - 1)), String(size), String(size + 1), String(random.int(0...(2 * size + 2))),
                "000" + String(random.int(0...size)), "999999999999999999", "9223372036854775807", "99999999999999999999", "",
            ])
        }
        func spec() -> String {
            switch random.int(0...3) {
            case 0: position() + "-" + position()
            case 1: position() + "-"
            case 2: "-" + position()
            default: position() + random.pick(["--", "-", "", "."]) + position()
            }
        }
        let unit = random.pick(["bytes", "bytes", "bytes", "Bytes", "BYTES", "byte", "items", ""])
        let equals = random.pick(["=", "=", "=", " =", "= ", ""])
        var specs = [spec()]
        if random.chance(0.2) { for _ in 0..<random.int(1...3) { specs.append(spec()) } }
        let separator = random.pick([",", ", ", " ,"])
        func ows() -> String { random.pick(["", "", " ", "\t"]) }
        let header = ows() + unit + equals + ows() + specs.joined(separator: separator) + ows()
        return random.chance(0.25) ? mutator.mutate(header, using: &random) : header
    }

    @Test func parsedRangesAgreeWithTheRFCAndStayInsideTheFile() async {
        let report = await FuzzCampaign("Range header", seed: 0x2A46_2026, iterations: 200_000, seconds: 4).run(
            generate: { random, _ in
                let size = random.chance(0.8) ? random.pick(Self.sizes) : random.int(0...Int(Int32.max))
                return (Self.header(size: size, using: &random), size)
            },
            describe: { "size \($0.1), Range: \($0.0.map { FuzzDescription.of($0) } ?? "(none)")" },
            check: { header, size in
                let range = ByteRange(header: header, size: size)
                let expected = Self.model(header, size: size)
                if case .partial(let first, let last) = range, !(0 <= first && first <= last && last < size) {
                    return .fail("bytes \(first)-\(last) are not inside a file of \(size) bytes")
                }
                guard range == expected else { return .fail("parsed \(range), RFC 9110 says \(expected)") }
                let tally = switch range { case .whole: "whole"; case .partial: "206"; case .unsatisfiable: "416" }
                return .pass(tally)
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        for outcome in ["whole", "206", "416"] { #expect(report.tallies[outcome, default: 0] > 100, "\(outcome) was generated") }
    }

    /// The same headers, with `If-Range` now and then, through the static file responder for real
    /// files: a 206 carries a `Content-Range` that matches the bytes it sends and lies inside the
    /// file, a 416 says `bytes */size`, anything else is the whole file with 200.
    @Test func theFileResponderNeverSendsBytesOutsideTheFile() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("range-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for size in Self.sizes { try Data(repeating: 7, count: size).write(to: root.appendingPathComponent("f\(size).bin")) }
        let responder = try #require(StaticFileResponder(root: root.path))
        let report = await FuzzCampaign("Range responses", seed: 0x2A47_2026, iterations: 20_000, seconds: 3).run(
            generate: { random, _ in
                let size = random.pick(Self.sizes)
                var headers: HTTPHeaders = [:]
                if let range = Self.header(size: size, using: &random) { headers["Range"] = range }
                let ifRange = random.int(0...5)
                return (size, headers, ifRange, random.chance(0.1) ? HTTPMethod.head : .get)
            },
            describe: { "f\($0.0).bin \($0.3) \($0.1.fields.map { "\($0.name): \($0.value)" }) if-range \($0.2)" },
            check: { size, headers, ifRange, method in
                let path = responder.root + "/f\(size).bin"
                var headers = headers
                var rangeApplies = method == .get
                if ifRange > 0, let plain = responder.serve(path, status: .ok, HTTPRequest(method: .get, target: "/f\(size).bin")) {
                    let etag = plain.headers["ETag"]!, date = plain.headers["Last-Modified"]!
                    headers["If-Range"] = [etag, etag, date, "\"other\"", "W/" + etag][ifRange - 1]
                    rangeApplies = rangeApplies && ifRange <= 3
                }
                let request = HTTPRequest(method: method, target: "/f\(size).bin", headers: headers)
                guard let response = responder.serve(path, status: .ok, request) else { return .fail("the file did not open") }
                let region: (offset: Int, length: Int) = switch response.body {
                case .file(let file): (file.offset, file.length)
                case .bytes(let bytes): (0, bytes.count)
                case .stream: (0, -1)  // never: a file is not streamed
                }
                let expected = rangeApplies ? Self.model(headers["Range"], size: size) : .whole
                switch (response.status.code, expected) {
                case (200, .whole):
                    guard region.offset == 0, region.length == size, response.headers["Content-Range"] == nil else {
                        return .fail("200 with \(region.offset)+\(region.length) of \(size) bytes")
                    }
                    return .pass("200")
                case (206, .partial(let first, let last)):
                    guard region.offset == first, region.length == last - first + 1, last < size,
                          response.headers["Content-Range"] == "bytes \(first)-\(last)/\(size)" else {
                        return .fail("206 \(response.headers["Content-Range"] ?? "-") sending \(region.offset)+\(region.length)")
                    }
                    return .pass("206")
                case (416, .unsatisfiable):
                    guard response.headers["Content-Range"] == "bytes */\(size)", region.length == 0 else {
                        return .fail("416 with Content-Range \(response.headers["Content-Range"] ?? "-")")
                    }
                    return .pass("416")
                default:
                    return .fail("status \(response.status.code), RFC 9110 says \(expected)")
                }
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.inputs > 100)  // a floor for a slow machine: the budget, not the count, bounds it
    }
}
