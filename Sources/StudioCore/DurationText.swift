import Foundation

/// Durations as people write them in recipes and on the command line:
/// `"1:30"`, `"1:02:03"`, `"90"`, `"90s"`, or a bare number of seconds.
public enum DurationText {
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let text: String
        public var description: String {
            "invalid duration \"\(text)\": expected seconds (90), M:SS (1:30) or H:MM:SS (1:02:03)"
        }
    }

    public static func seconds(from text: String) throws(ParseError) -> Double {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.hasSuffix("s") { body.removeLast() }
        let fields = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count) else { throw ParseError(text: text) }
        var total = 0.0
        for (index, field) in fields.enumerated() {
            let isLast = index == fields.count - 1
            guard let value = Double(field), value.isFinite, value >= 0 else { throw ParseError(text: text) }
            // Only the last field may have a fraction; minutes and seconds below an hour stay under 60.
            if !isLast && value != value.rounded() { throw ParseError(text: text) }
            if index > 0 && value >= 60 { throw ParseError(text: text) }
            total = total * 60 + value
        }
        // "1e308:00" is a whole number of hours, and times 3600 no longer a number.
        guard total.isFinite else { throw ParseError(text: text) }
        return total
    }

    /// "M:SS" below an hour, "H:MM:SS" above. A value no clock shows (negative, not finite, or
    /// past a billion hours — a recipe's `duration: 1e300`, reported as over its engine's limit)
    /// is written as plain seconds rather than trapping in the conversion to `Int`.
    public static func format(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 3.6e12 else { return "\(seconds) s" }
        let whole = Int(seconds.rounded())
        let (h, m, s) = (whole / 3600, (whole / 60) % 60, whole % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
