/// HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`; read
/// in that form and the two obsolete ones a recipient must still accept (RFC 850 and asctime).
/// Times are whole seconds since 1970, as `stat` gives them.
///
/// A date comes from a client (`If-Modified-Since`, `If-Range`), so reading one must never trap:
/// every field is a fixed number of ASCII digits before it becomes a number (an eleven-digit year
/// once aborted the server through a trapping `Int32(...)`), the calendar arithmetic is done here
/// on `Int` with bounded inputs, and anything else — a year outside 1970–9999, 31 February, a sign
/// — is "not a date", which a recipient ignores (RFC 9110 §13.1.3).
public enum HTTPDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// Fri, 31 Dec 9999 23:59:59 GMT: the last instant a four-digit year names.
    public static let latest = 253_402_300_799

    /// IMF-fixdate of `seconds`; an instant before 1970 or after 9999 is written as the nearest
    /// one the format holds (only the server's own clock and files' times come here).
    public static func format(_ seconds: Int) -> String {
        let clamped = min(max(seconds, 0), latest)
        let days = clamped / 86_400, inDay = clamped % 86_400
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[(days + 4) % 7]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60)) GMT"
    }

    /// The seconds since 1970 of `text`, or `nil` when it is not an HTTP date (a recipient then
    /// ignores the field, RFC 9110 §13.1.3).
    public static func parse(_ text: String) -> Int? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        let day: Substring, month: Substring, year: Int, clock: Substring
        switch words.count {
        case 6 where words[5] == "GMT" && weekdays.contains(where: { words[0] == $0 + "," }):  // IMF-fixdate
            guard words[1].utf8.count == 2, let four = digits(words[3], count: 4...4) else { return nil }
            (day, month, year, clock) = (words[1], words[2], four, words[4])
        case 4 where words[3] == "GMT" && longWeekdays.contains(where: { words[0] == $0 + "," }):  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let date = words[1].split(separator: "-", omittingEmptySubsequences: false)
            guard date.count == 3, date[0].utf8.count == 2, let two = digits(date[2], count: 2...2) else { return nil }
            // Two-digit years: 70–99 are 1970–1999, 00–69 are 2000–2069 (RFC 9110 §5.6.7 asks for
            // the most recent past year with those digits unless that is over 50 years away).
            (day, month, year, clock) = (date[0], date[1], two < 70 ? 2000 + two : 1900 + two, words[2])
        case 5 where weekdays.contains(where: { words[0] == $0 }):  // asctime: Sun Nov  6 08:49:37 1994
            guard let four = digits(words[4], count: 4...4) else { return nil }
            (day, month, year, clock) = (words[2], words[1], four, words[3])
        default:
            return nil
        }
        let hms = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard let monthIndex = months.firstIndex(where: { month == $0 }), let dayOfMonth = digits(day, count: 1...2),
              hms.count == 3, let hour = digits(hms[0], count: 2...2), let minute = digits(hms[1], count: 2...2),
              let second = digits(hms[2], count: 2...2), hour <= 23, minute <= 59, second <= 60,
              (1970...9999).contains(year), (1...daysIn(month: monthIndex + 1, of: year)).contains(dayOfMonth) else { return nil }
        let seconds = days(fromYear: year, month: monthIndex + 1, day: dayOfMonth) * 86_400 + hour * 3_600 + minute * 60 + second
        return seconds <= latest ? seconds : nil  // 23:59:60 on the last day of 9999
    }

    /// The value of `text` when it is `count` ASCII digits (no sign, no other script's digits),
    /// so at most four digits ever become a number here.
    static func digits(_ text: Substring, count: ClosedRange<Int>) -> Int? {
        guard count.contains(text.utf8.count) else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func daysIn(month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(fromYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse, for days ≥ 0 (`civil_from_days`): year, month 1–12, day 1–31.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
