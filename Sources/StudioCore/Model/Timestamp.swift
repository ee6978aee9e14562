import Foundation

/// Times as the state stores them (whole milliseconds since 1970, UTC) and as the API shows
/// them (RFC 3339 with milliseconds and a `Z`).
///
/// Integers sort and compare exactly in SQL and survive a round trip unchanged; a `Date`'s
/// sub-millisecond fraction would not, and pagination cursors depend on exact equality.
public enum Timestamp {
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `2026-11-25T15:17:00.123Z`.
    public static func rfc3339(milliseconds: Int64) -> String {
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        let millis = Int(milliseconds - seconds * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: Double(seconds)))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):"
            + "\(pad(parts.minute, 2)):\(pad(parts.second, 2)).\(pad(millis, 3))Z"
    }

    public static func rfc3339(_ date: Date) -> String { rfc3339(milliseconds: milliseconds(date)) }

    /// The UTC day, `2026-11-25`: the date written into renders' tags.
    public static func day(_ date: Date) -> String { String(rfc3339(date).prefix(10)) }

    /// Parses RFC 3339 (`Z` or a numeric offset, optional fraction). Nil when malformed.
    ///
    /// The shape is checked first: the date formatter alone reads a year of nine digits and
    /// wraps it around (`290000000-01-01T00:00:00Z` came back as a date before Christ, so an
    /// `expires_at` in the far future was already past) and takes offsets like `+99:99`.
    public static func parse(_ text: String) -> Date? {
        let shape = /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])/
        guard text.utf8.count <= 64, text.wholeMatch(of: shape) != nil else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
