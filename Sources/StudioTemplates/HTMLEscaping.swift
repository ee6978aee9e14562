/// HTML escaping for `{{ name }}`.
///
/// The five characters that can end an element, an attribute value (quoted either way) or begin
/// an entity are replaced, so a track title like `"Rock & <Roll>"` is safe both in text and in
/// `content="…"` / `title='…'` attributes. `'` becomes `&#39;` because `&apos;` is not HTML 4.
public enum HTMLEscaping {
    public static func escape(_ text: String) -> String {
        // Fast path: most text (titles, numbers, ids) has nothing to escape.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
