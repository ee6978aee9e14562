import Foundation
import StudioFuzzSupport
import Testing
@testable import StudioHTTP

/// HTTP dates under generated input (RFC 9110 §5.6.7): the three forms a recipient must read —
/// IMF-fixdate, RFC 850 and asctime — with fields at and past their edges (absurd, negative and
/// 20-digit years, days and clocks). `HTTPDate.parse` must never trap (a single
/// `If-Modified-Since` once killed the server), must agree with an independent reading through
/// Foundation's calendar, and what it accepts must survive a round trip through `format`.
@Suite struct HTTPDateFuzzTests {
    static let shortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Numbers as an attacker writes them: in range, at the edges, past every integer type.
    static func number(_ typical: [String], using random: inout FuzzRandom) -> String {
        random.chance(0.85) ? random.pick(typical) : random.pick([
            "0", "00", "-1", "-0", "+1", "99", "100", "2147483647", "2147483648", "4294967296", "9223372036854775807",
            "9223372036854775808", "99999999999", "99999999999999999999", "-99999999999999999999", "１", "٣", "0x1", "",
        ])
    }

    static func date(using random: inout FuzzRandom) -> String {
        let day = number(["01", "06", "28", "29", "30", "31", "32", "1", "6"], using: &random)
        let month = random.chance(0.95) ? random.pick(months) : random.pick(["jan", "JAN", "Foo", "", "13"])
        let clock = [number(["00", "08", "23", "24"], using: &random), number(["00", "49", "59", "60"], using: &random),
                     number(["00", "37", "59", "60", "61"], using: &random)].joined(separator: ":")
        let text: String
        switch random.int(0...2) {
        case 0:
            let year = number(["1970", "1994", "2000", "2024", "2026", "2038", "2100", "9999", "1969", "0001", "10000"], using: &random)
            text = "\(random.pick(shortDays)), \(day) \(month) \(year) \(clock) GMT"
        case 1:
            let year = number(["94", "70", "69", "00", "99", "5", "100"], using: &random)
            text = "\(random.pick(longDays)), \(day)-\(month)-\(year) \(clock) GMT"
        default:
            let year = number(["1994", "2026", "9999", "1969", "10000"], using: &random)
            let padded = day.count == 1 ? " " + day : day
            text = "\(random.pick(shortDays)) \(month) \(padded) \(clock) \(year)"
        }
        return random.chance(0.15) ? FuzzMutator(tokens: [" ", ",", "-", ":", "GMT", "UTC", "9", "99999999999"], maximumEdits: 2)
            .mutate(text, using: &random) : text
    }

    /// RFC 9110 §5.6.7 read afresh, with the choices docs/HTTP.md documents: fixed-width fields
    /// of ASCII digits, a real calendar day, years from 1970 to 9999, RFC 850's two-digit year in
    /// 1970–2069, and runs of spaces read as one.
    static func model(_ text: String) -> Int? {
        let words = text.split(separator: " ").map(String.init)
        func digits(_ word: String, _ widths: ClosedRange<Int>) -> Int? {
            guard widths.contains(word.utf8.count), word.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
            return Int(word)
        }
        var parts: (day: String, month: String, year: Int?, clock: String)
        if words.count == 6, words[5] == "GMT", shortDays.map({ $0 + "," }).contains(words[0]) {
            parts = (words[1], words[2], digits(words[3], 4...4), words[4])
            guard words[1].utf8.count == 2 else { return nil }
        } else if words.count == 4, words[3] == "GMT", longDays.map({ $0 + "," }).contains(words[0]) {
            let date = words[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard date.count == 3, date[0].utf8.count == 2, let short = digits(date[2], 2...2) else { return nil }
            parts = (date[0], date[1], short < 70 ? 2000 + short : 1900 + short, words[2])
        } else if words.count == 5, shortDays.contains(words[0]) {
            parts = (words[2], words[1], digits(words[4], 4...4), words[3])
        } else {
            return nil
        }
        let clock = parts.clock.split(separator: ":", omittingEmptySubsequences: false).map { digits(String($0), 2...2) }
        guard let day = digits(parts.day, 1...2), let month = months.firstIndex(of: parts.month), let year = parts.year,
              (1970...9999).contains(year), clock.count == 3, let hour = clock[0], let minute = clock[1], let second = clock[2],
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let first = calendar.date(from: DateComponents(year: year, month: month + 1, day: 1)),
              let days = calendar.range(of: .day, in: .month, for: first), days.contains(day) else { return nil }
        let seconds = Int(first.timeIntervalSince1970) + (day - 1) * 86_400 + hour * 3_600 + minute * 60 + second
        return seconds <= HTTPDate.latest ? seconds : nil
    }

    @Test func parsedDatesAgreeWithTheCalendarAndNeverTrap() async {
        let report = await FuzzCampaign("HTTP dates", seed: 0xDA7E_2026, iterations: 30_000, seconds: 4).run(
            generate: { random, _ in Self.date(using: &random) },
            describe: { FuzzDescription.of($0) },
            check: { text in
                let parsed = HTTPDate.parse(text)
                let expected = Self.model(text)
                guard parsed == expected else { return .fail("parsed \(parsed.map(String.init) ?? "nil"), the calendar says \(expected.map(String.init) ?? "nil")") }
                if let parsed, HTTPDate.parse(HTTPDate.format(parsed)) != parsed {
                    return .fail("\(parsed) does not survive format → parse: \(HTTPDate.format(parsed))")
                }
                return .pass(parsed == nil ? "invalid" : "valid")
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        for outcome in ["valid", "invalid"] { #expect(report.tallies[outcome, default: 0] > 100, "\(outcome) was generated") }
    }

    /// Every second from 1970 to the end of 9999 is written and read back as itself; instants the
    /// four-digit year cannot hold are written as the nearest it can, never a trap.
    @Test func formattedSecondsRoundTripAndAbsurdOnesDoNotTrap() async {
        let report = await FuzzCampaign("HTTP date round trip", seed: 0xDA7F_2026, iterations: 20_000, seconds: 3).run(
            generate: { random, _ in
                random.chance(0.9) ? random.int(0...HTTPDate.latest)
                    : random.pick([Int.min, Int.max, -1, HTTPDate.latest + 1, Int(Int32.max) * 86_400 * 400, -Int(Int32.max) * 86_400 * 400])
            },
            describe: { "\($0)" },
            check: { seconds in
                let text = HTTPDate.format(seconds)
                let back = HTTPDate.parse(text)
                if (0...HTTPDate.latest).contains(seconds) {
                    return back == seconds ? .pass("round trip") : .fail("\(seconds) → \(text) → \(back.map(String.init) ?? "nil")")
                }
                return back == nil || back == 0 || back == HTTPDate.latest ? .pass("clamped") : .fail("\(seconds) → \(text) → \(back!)")
            })
        for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
        #expect(report.tallies["round trip", default: 0] > 100)
    }

    /// The header from the review, and its relatives in each form, are invalid rather than fatal.
    @Test func absurdYearsAreInvalid() {
        for text in ["Sun, 06 Nov 99999999999 08:49:37 GMT", "Sunday, 06-Nov-99999999999 08:49:37 GMT",
                     "Sun Nov  6 08:49:37 99999999999", "Sun, 06 Nov -99999999999999999999 08:49:37 GMT",
                     "Sun, 99999999999999999999 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 99999999999999999999:49:37 GMT",
                     "Sun, 06 Nov 1994 08:49:-9223372036854775808 GMT", "Sunday, -1-Nov-94 08:49:37 GMT",
                     "Sun, 31 Feb 2026 08:49:37 GMT", "Sun, 06 Nov 10000 08:49:37 GMT", "Sun, +6 Nov 1994 08:49:37 GMT"] {
            #expect(HTTPDate.parse(text) == nil, "\(text)")
        }
        #expect(HTTPDate.parse("Fri, 31 Dec 9999 23:59:59 GMT") == HTTPDate.latest)
    }
}
