import Foundation
import Testing
@testable import StudioCore

/// RFC 3339 times from API clients (`expires_at`, `?from=`, `?to=`): what the contract's form
/// allows is read; a year that is not four digits or an impossible offset is refused, where the
/// date formatter alone wrapped a nine-digit year around into the distant past.
@Suite struct TimestampParseTests {
    @Test func readsTheRFCForms() {
        #expect(Timestamp.parse("2027-06-30T00:00:00Z")?.timeIntervalSince1970 == 1_814_313_600)
        #expect(Timestamp.parse("2027-06-30T00:00:00.250Z")?.timeIntervalSince1970 == 1_814_313_600.25)
        #expect(Timestamp.parse("2027-06-30T02:00:00+02:00")?.timeIntervalSince1970 == 1_814_313_600)
        #expect(Timestamp.parse("9999-12-31T23:59:59Z")?.timeIntervalSince1970 == 253_402_300_799)
    }

    @Test(arguments: ["290000000-01-01T00:00:00Z", "-290000000-01-01T00:00:00Z", "99999999999-01-01T00:00:00Z",
                      "+2027-06-30T00:00:00Z", "2027-06-30T00:00:00+99:99", "2027-06-30T00:00:00+24:00", "2027-06-30",
                      "2027-06-30T00:00:00", "2027-06-30T00:00:00.1234567890Z", "2027-13-30T00:00:00Z", " 2027-06-30T00:00:00Z"])
    func refusesWhatIsNotAnRFC3339Time(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
