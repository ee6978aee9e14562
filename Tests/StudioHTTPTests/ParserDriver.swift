import StudioFuzzSupport
@testable import StudioHTTP

/// Feeds bytes to an `HTTPRequestParser` in given pieces, the way sockets deliver them, and
/// records what came out — checking on the way the rules every input must keep, valid or not.
struct ParserDriver {
    /// The statuses a parser error may carry: the 4xx and 5xx of docs/HTTP.md, nothing else.
    static let errorStatuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]

    enum Event: Equatable, CustomStringConvertible {
        case request(HTTPRequestGrammar.Expected)
        case error(Int)

        var description: String {
            switch self {
            case .request(let request): "request \(request)"
            case .error(let status): "error \(status)"
            }
        }
    }

    let limits: HTTPRequestParser.Limits

    /// The events, and every broken rule. Splitting must not change the events: the caller
    /// compares runs with different `pieces`.
    func run(_ input: [UInt8], pieces: [Int]) -> (events: [Event], problems: [String]) {
        var parser = HTTPRequestParser(limits: limits)
        var events: [Event] = []
        var problems: [String] = []
        var offset = 0
        var count = 0
        var headPending = false
        for piece in pieces {
            parser.append(input[offset..<(offset + piece)])
            offset += piece
            do {
                while let event = try parser.next() {
                    count += 1
                    if count > 2 * input.count + 10 { return (events, problems + ["next() never returns nil: runaway events"]) }
                    switch event {
                    case .head:
                        if headPending { problems.append("two .head events without a .request") }
                        headPending = true
                    case .request(let request):
                        if !headPending { problems.append(".request without its .head") }
                        headPending = false
                        if request.body.count > limits.maximumBodySize {
                            problems.append("a body of \(request.body.count) bytes passed the \(limits.maximumBodySize)-byte limit")
                        }
                        if request.path.isEmpty { problems.append("a request with an empty path") }
                        if !HTTPSyntax.isToken(ArraySlice(request.method.rawValue.utf8)) { problems.append("method \(request.method) is not a token") }
                        events.append(.request(.init(method: request.method.rawValue, path: request.path, query: request.queryItems,
                                                     fields: request.headers.fields, body: request.body)))
                    }
                }
            } catch {
                if !Self.errorStatuses.contains(error.status.code) { problems.append("unexpected status \(error.status.code)") }
                if error.code.isEmpty || error.message.isEmpty { problems.append("an error without code or message") }
                do {  // once failed, always failed: the connection must close
                    _ = try parser.next()
                    problems.append("next() after \(error.status.code) did not throw again")
                } catch let again where again != error {
                    problems.append("next() after \(error) threw another error: \(again)")
                } catch {}
                return (events + [.error(error.status.code)], problems)
            }
        }
        return (events, problems)
    }

    /// Random piece sizes that add up to `count`: mostly small, now and then the rest at once.
    static func pieces(_ count: Int, using random: inout FuzzRandom) -> [Int] {
        var pieces: [Int] = []
        var remaining = count
        while remaining > 0 {
            let piece = random.chance(0.1) ? remaining : random.int(1...max(1, min(remaining, 9)))
            pieces.append(piece)
            remaining -= piece
        }
        return pieces
    }
}
