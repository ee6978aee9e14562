import Testing
@testable import StudioCore

@Suite struct DurationTextTests {
    @Test(arguments: [("90", 90.0), ("1:30", 90), ("1:02:03", 3723), ("0:05.5", 5.5), ("25:00", 1500), ("12s", 12)])
    func parsesWhatPeopleWrite(text: String, seconds: Double) throws {
        #expect(try DurationText.seconds(from: text) == seconds)
    }

    @Test(arguments: ["", "abc", "1:75", "1:2:3:4", "-5", "1.5:00", "nan", "inf"])
    func rejectsNonsenseWithTheTextInTheMessage(text: String) {
        #expect(throws: DurationText.ParseError(text: text)) { try DurationText.seconds(from: text) }
    }

    @Test func formatsBackToTheShortestForm() {
        #expect(DurationText.format(seconds: 90) == "1:30")
        #expect(DurationText.format(seconds: 3723) == "1:02:03")
    }

    /// A recipe's `duration: 1e300` is reported as over its engine's limit, and the report
    /// formats it: `Int(1e300)` used to trap and take `studio build` down with it.
    @Test func formatsValuesNoClockShowsWithoutTrapping() {
        #expect(DurationText.format(seconds: 1e300) == "1e+300 s")
        #expect(DurationText.format(seconds: .infinity) == "inf s")
        #expect(DurationText.format(seconds: -.infinity) == "-inf s")
        #expect(DurationText.format(seconds: .nan) == "nan s")
        #expect(DurationText.format(seconds: 3.6e12 - 1).hasPrefix("999999999:59:59"))
    }

    @Test(arguments: ["1e308:00:00", "1e306:00:00", "1e308:00"])
    func rejectsHoursThatOverflowToInfinity(text: String) {
        #expect(throws: DurationText.ParseError(text: text)) { try DurationText.seconds(from: text) }
    }
}
