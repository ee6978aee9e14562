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
}
