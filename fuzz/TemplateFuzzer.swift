// libFuzzer entry point: the template language (Sources/StudioTemplates). The input is split at
// its first NUL into a page and a partial named `part`; both compile and the page renders with a
// fixed context, or an error names a line and column inside the template it blames.

private let context: TemplateValue = [
    "title": "<b>x</b>", "n": 64, "flag": true, "nothing": nil, "empty": [],
    "items": [["name": "a", "n": 1], ["name": "b", "n": 2]], "track": ["title": "t", "tags": ["x", "y"]],
]

@_cdecl("LLVMFuzzerTestOneInput")
public func templateFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let sources = ["page": String(decoding: bytes[..<split], as: UTF8.self),
                   "part": split < size ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : ""]
    do {
        _ = try TemplateSet(sources: sources).render("page", context)
    } catch {
        guard let source = sources[error.template] else { fatalError("\(error) blames no template") }
        let lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard error.line >= 1, error.line <= lines.count,
              error.column >= 1, error.column <= String(decoding: lines[error.line - 1], as: UTF8.self).count + 1 else {
            fatalError("\(error) is not inside `\(error.template)`")
        }
    }
    return 0
}
