// libFuzzer entry point: the HTTP/1.1 request parser (Sources/StudioHTTP), compiled into the same
// module as the parser by `make fuzz` so that internals are reachable. A crash, a hang or a broken
// invariant (fatalError) is a finding; libFuzzer saves the input under .build-fuzz/artifacts/.

/// Feeds `bytes` in the given pieces and returns the outcome as text: the requests read, then
/// the error status if any. Traps when an invariant breaks.
private func outcome(_ bytes: UnsafeBufferPointer<UInt8>, pieces: [Int]) -> [String] {
    let limits = HTTPRequestParser.Limits(maximumHeaderSize: 1024, maximumBodySize: 256)
    var parser = HTTPRequestParser(limits: limits)
    var result: [String] = []
    var offset = 0
    var events = 0
    for piece in pieces {
        parser.append(bytes[offset..<(offset + piece)])
        offset += piece
        do {
            while let event = try parser.next() {
                events += 1
                if events > 2 * bytes.count + 10 { fatalError("next() keeps returning events") }
                if case .request(let request) = event {
                    if request.body.count > limits.maximumBodySize { fatalError("a body over the limit") }
                    result.append("\(request.method) \(request.target) \(request.path) \(request.body.count)")
                }
            }
        } catch {
            if ![400, 413, 414, 417, 431, 501, 505].contains(error.status.code) { fatalError("status \(error.status.code)") }
            do { _ = try parser.next(); fatalError("the parser recovered after an error") } catch {}
            return result + ["error \(error.status.code)"]
        }
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func httpParserFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let whole = outcome(bytes, pieces: [size])
    // The same bytes in pieces of 1 to 8 bytes, sizes taken from the bytes themselves.
    var pieces: [Int] = []
    var remaining = size
    var index = 0
    while remaining > 0 {
        let piece = min(remaining, Int(bytes[index % size] % 8) + 1)
        pieces.append(piece)
        remaining -= piece
        index += 1
    }
    if outcome(bytes, pieces: pieces) != whole { fatalError("the outcome depends on how the bytes were split") }
    return 0
}
