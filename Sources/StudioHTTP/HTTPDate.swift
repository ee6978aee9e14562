#if canImport(Glibc)
import Glibc
#endif

/// HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`; read
/// in that form and the two obsolete ones a recipient must still accept (RFC 850 and asctime).
/// Times are whole seconds since 1970, as `stat` gives them; the C library does the calendar.
public enum HTTPDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// The seconds since 1970 of `text`, or `nil` when it is not an HTTP date (a recipient then
    /// ignores the field, RFC 9110 §13.1.3).
    public static func parse(_ text: String) -> Int? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var day = 0, month = 0, year = 0, clock = ""
        switch words.count {
        case 6 where words[0].hasSuffix(",") && words[5] == "GMT":  // IMF-fixdate
            guard let d = Int(words[1]), let m = months.firstIndex(of: words[2]), let y = Int(words[3]) else { return nil }
            (day, month, year, clock) = (d, m, y, words[4])
        case 4 where words[0].hasSuffix(",") && words[3] == "GMT":  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let date = words[1].split(separator: "-")
            guard date.count == 3, let d = Int(date[0]), let m = months.firstIndex(of: String(date[1])),
                  let y = Int(date[2]) else { return nil }
            (day, month, year, clock) = (d, m, y < 70 ? 2000 + y : 1900 + y, words[2])
        case 5:  // asctime: Sun Nov  6 08:49:37 1994
            guard let m = months.firstIndex(of: words[1]), let d = Int(words[2]), let y = Int(words[4]) else { return nil }
            (day, month, year, clock) = (d, m, y, words[3])
        default:
            return nil
        }
        let hms = clock.split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (1...31).contains(day), (0...23).contains(hms[0]), (0...59).contains(hms[1]),
              (0...60).contains(hms[2]), year >= 1970 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hms[0])
        parts.tm_min = Int32(hms[1])
        parts.tm_sec = Int32(hms[2])
        return Int(timegm(&parts))
    }
}
