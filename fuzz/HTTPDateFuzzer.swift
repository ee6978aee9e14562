// libFuzzer entry point: HTTP dates (Sources/StudioHTTP/HTTPDate.swift), as `If-Modified-Since` and
// `If-Range` bring them from clients. Reading one must never trap (an eleven-digit year once
// aborted the server); a date it accepts lies in 1970–9999 and survives format → parse.

@_cdecl("LLVMFuzzerTestOneInput")
public func httpDateFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let seconds = HTTPDate.parse(text) else { return 0 }
    if !(0...HTTPDate.latest).contains(seconds) { fatalError("\(text) read as \(seconds)") }
    let written = HTTPDate.format(seconds)
    if HTTPDate.parse(written) != seconds { fatalError("\(seconds) → \(written) does not read back") }
    return 0
}
