import Foundation

/// Parses RFC 3339 timestamps (`2027-06-30T00:00:00Z`, `2027-06-30T02:00:00.5+02:00`) strictly:
/// a full date, a full time, and an explicit offset; no local times, no week dates.
///
/// Written out rather than left to a date formatter so that what is accepted is exactly the
/// RFC's `date-time`, the same on every platform.
enum RFC3339Timestamp {
    static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        var offset = 0
        func number(_ digits: Int) -> Int? {
            guard offset + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[offset..<offset + digits] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            offset += digits
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard offset < bytes.count, characters.utf8.contains(bytes[offset]) else { return false }
            offset += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2) else { return nil }
        var fraction = 0.0
        if expect(".") {
            var scale = 0.1
            let start = offset
            while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) {
                fraction += Double(bytes[offset] - 0x30) * scale
                scale /= 10
                offset += 1
            }
            guard offset > start else { return nil }
        }
        var zoneSeconds = 0
        if !expect("Zz") {
            guard offset < bytes.count else { return nil }
            let sign = bytes[offset] == 0x2D ? -1 : 1
            guard expect("+-"), let zoneHour = number(2), expect(":"), let zoneMinute = number(2),
                  zoneHour < 24, zoneMinute < 60 else { return nil }
            zoneSeconds = sign * (zoneHour * 3600 + zoneMinute * 60)
        }
        guard offset == bytes.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - zoneSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
