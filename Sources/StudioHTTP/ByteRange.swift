/// What a `Range` header asks of a representation of `size` bytes (RFC 9110 §14.2).
///
/// Only a single byte range is served as 206: for several ranges the whole file is sent with 200,
/// which RFC 9110 §14.2 allows (a server may ignore `Range`), and which spares us
/// multipart/byteranges. A header we cannot read is ignored the same way.
enum ByteRange: Equatable {
    /// Send the whole representation.
    case whole
    /// Send these bytes, first through last (inclusive), with 206.
    case partial(first: Int, last: Int)
    /// Nothing of it lies within the representation: 416.
    case unsatisfiable

    init(header: String?, size: Int) {
        guard let header else { self = .whole; return }
        let trimmed = header.trimmingHTTPWhitespace()
        guard trimmed.lowercased().hasPrefix("bytes=") else { self = .whole; return }
        let spec = trimmed.dropFirst(6).trimmingHTTPWhitespace()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { self = .whole; return }
        let firstText = spec[..<dash], lastText = spec[spec.index(after: dash)...]
        let isNumber = { (text: Substring) in !text.isEmpty && text.count <= 18 && text.utf8.allSatisfy(HTTPSyntax.isDigit) }
        if firstText.isEmpty {  // bytes=-N: the last N bytes
            guard isNumber(lastText), let suffix = Int(lastText) else { self = .whole; return }
            self = suffix == 0 || size == 0 ? .unsatisfiable : .partial(first: max(0, size - suffix), last: size - 1)
            return
        }
        guard isNumber(firstText), let first = Int(firstText) else { self = .whole; return }
        var last = size - 1
        if !lastText.isEmpty {
            guard isNumber(lastText), let end = Int(lastText), end >= first else { self = .whole; return }
            last = min(end, size - 1)
        }
        self = first >= size ? .unsatisfiable : .partial(first: first, last: last)
    }
}
