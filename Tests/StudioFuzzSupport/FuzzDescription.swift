/// How a failure message shows an input: escaped so control bytes are visible, and cut short so
/// one failure cannot bury the log.
public enum FuzzDescription {
    public static func of(_ bytes: [UInt8], limit: Int = 600) -> String {
        of(String(decoding: bytes, as: UTF8.self), limit: limit) + (bytes.contains(where: { $0 >= 0x80 }) ? " (bytes as UTF-8)" : "")
    }

    public static func of(_ text: String, limit: Int = 600) -> String {
        let escaped = text.debugDescription
        return escaped.count <= limit ? escaped : String(escaped.prefix(limit)) + "… (\(text.utf8.count) bytes)"
    }
}
