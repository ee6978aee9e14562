// libFuzzer entry point: the Range header parser (Sources/StudioHTTP/ByteRange.swift). The first
// four bytes are the file size, the rest the header. A partial range outside the file traps.

@_cdecl("LLVMFuzzerTestOneInput")
public func rangeFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 4 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let fileSize = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3] & 0x7F) << 24
    let header = String(decoding: bytes[4...], as: UTF8.self)
    switch ByteRange(header: header, size: fileSize) {
    case .partial(let first, let last):
        if !(0 <= first && first <= last && last < fileSize) { fatalError("bytes \(first)-\(last) of \(fileSize)") }
    case .unsatisfiable:
        if fileSize > 0 && !header.contains("-") { fatalError("416 for a header without a range") }
    case .whole:
        break
    }
    return 0
}
