import Testing
@testable import StudioCore

/// Numbers in our JSON: integers print as integers all the way to 2^53 (seeds reach that far),
/// fractions and larger values as Swift prints them.
@Suite struct JSONNumberTests {
    @Test(arguments: [
        (0.0, "0"), (-3.0, "-3"), (999_999_999_999_999.0, "999999999999999"),
        (2_725_276_821_398_739.0, "2725276821398739"), (9_007_199_254_740_992.0, "9007199254740992"),
        (0.5, "0.5"), (-14.25, "-14.25"),
    ])
    func numbersPrintExactly(value: Double, text: String) {
        #expect(JSONValue.number(value).serialized() == text)
    }

    @Test func aSeedAbove2To53IsAString() {
        #expect(JSONValue(seed: 1 << 53) == .string("9007199254740992"))
        #expect(JSONValue(seed: (1 << 53) - 1).serialized() == "9007199254740991")
    }
}
