import Foundation
import Testing
@testable import StudioRecipes

@Suite struct JSON5PositionIndexTests {
    static let tricky = """
        // a header comment with { braces } and "quotes"
        {
          /* a block comment: }, ] and 'quote' */
          tracks: {
            'sun"rise': { bpm: 64, },   // trailing comma inside
            "a'b}": {x: "text with } and \\" inside", y: [1, .5, +1, 0x1F, Infinity, -NaN, 5.,],},
          },
          $id_1: 'it\\'s',
          ünï: null, // unicode identifier key
        }
        """

    @Test func findsKeysAndValuesPastCommentsAndStrings() {
        let index = JSON5PositionIndex(scanning: Self.tricky)
        #expect(index.syntaxError == nil)
        #expect(index[["tracks"]] == .init(key: .init(line: 4, column: 3), value: .init(line: 4, column: 11)))
        #expect(index[["tracks", "sun\"rise"]]?.key == .init(line: 5, column: 5))
        #expect(index[["tracks", "sun\"rise", "bpm"]] == .init(key: .init(line: 5, column: 19), value: .init(line: 5, column: 24)))
        #expect(index[["tracks", "a'b}", "x"]]?.value == .init(line: 6, column: 17))
        #expect(index[["tracks", "a'b}", "y"]]?.key == .init(line: 6, column: 46))
        #expect(index[["tracks", "a'b}", "y", 3]] == .init(key: nil, value: .init(line: 6, column: 61)))
        #expect(index[["tracks", "a'b}", "y", 6]]?.value == .init(line: 6, column: 83))
        #expect(index[["$id_1"]]?.key == .init(line: 8, column: 3))
        #expect(index[["ünï"]]?.value == .init(line: 9, column: 8))
        #expect(index[[.key("root")]] == nil)
        #expect(index[.root]?.value == .init(line: 2, column: 1))
    }

    @Test func keepsKeyOrderAsWritten() {
        let index = JSON5PositionIndex(scanning: Self.tricky)
        #expect(index.keys(of: .root) == ["tracks", "$id_1", "ünï"])
        #expect(index.keys(of: ["tracks"]) == ["sun\"rise", "a'b}"])
    }

    @Test func agreesWithFoundationOnTheTrickyText() throws {
        #expect(JSON5Value.parse(Data(Self.tricky.utf8)) != nil)
    }

    @Test func missingPathsBorrowTheNearestAncestorsPlace() {
        let index = JSON5PositionIndex(scanning: "{\n  track: {\n    bpm: 1 }\n}")
        #expect(index.position(of: ["track", "engine"]) == .init(line: 2, column: 3))
        #expect(index.valuePosition(of: ["track", "bpm"]) == .init(line: 3, column: 10))
        #expect(index.position(of: ["nothing", "here"]) == .init(line: 1, column: 1))
    }

    @Test func countsLinesForCRLFAndLoneCR() {
        let index = JSON5PositionIndex(scanning: "{\r\n a: 1,\r\n b: 2,\r c: 3 }")
        #expect(index[["a"]]?.key == .init(line: 2, column: 2))
        #expect(index[["b"]]?.key == .init(line: 3, column: 2))
        #expect(index[["c"]]?.key == .init(line: 4, column: 2))
    }

    @Test func resolvesEscapesInKeys() {
        let index = JSON5PositionIndex(scanning: #"{"a\u0041\x42": 1, c\u0044: 2, 'x\'y': 3}"#)
        #expect(index.syntaxError == nil)
        #expect(index.keys(of: .root) == ["aAB", "cD", "x'y"])
    }

    @Test func reportsEveryDuplicateKeyWithBothPlaces() {
        let index = JSON5PositionIndex(scanning: "{\n  a: 1,\n  b: { c: 1, c: 2 },\n  'a': 3,\n}")
        #expect(index.duplicateKeys == [
            .init(path: ["b", "c"], position: .init(line: 3, column: 14), firstPosition: .init(line: 3, column: 8)),
            .init(path: ["a"], position: .init(line: 4, column: 3), firstPosition: .init(line: 2, column: 3)),
        ])
        #expect(index[["a"]]?.value == .init(line: 2, column: 6), "the first occurrence keeps its place")
    }

    @Test(arguments: [
        ("{\n  a: 1\n  b: 2\n}", 3, 3, "unexpected 'b' after the value of \"a\": expected ',' or '}'"),
        ("{\n  a: 'never closed,\n}", 2, 6, "unterminated string: a line break inside a string must be escaped"),
        ("{ a: 1 } /* open", 1, 10, "unterminated comment: '/*' without '*/'"),
        ("{ a: 01 }", 1, 6, "invalid number: leading zeros are not allowed"),
        ("{ a: 12px }", 1, 6, "invalid number: unexpected 'p' after the digits"),
        ("{ a: 0xZ }", 1, 6, "invalid number: '0x' must be followed by hexadecimal digits"),
        ("{ a: yes }", 1, 6, "unexpected word \"yes\": expected a value (text needs quotes)"),
        ("{ a: [1,,2] }", 1, 9, "unexpected ',': expected a value or ']'"),
        ("{ ,}", 1, 3, "unexpected ',': expected a key or '}'"),
        ("{ a 1 }", 1, 5, "expected ':' after the key \"a\""),
        ("{ a: 1 } {", 1, 10, "unexpected '{' after the end of the document"),
        ("  // only a comment\n", 2, 1, "empty document: expected a value"),
        ("{ a: [1, 2", 1, 11, "unexpected end of file: expected ',' or ']'"),
        ("{ a: '\\1' }", 1, 7, "invalid escape '\\1'"),
        ("{ a: 1 / 2 }", 1, 8, "unexpected '/': comments start with '//' or '/*'"),
    ])
    func placesSyntaxErrors(text: String, line: Int, column: Int, message: String) {
        let index = JSON5PositionIndex(scanning: text)
        #expect(index.syntaxError == .init(position: .init(line: line, column: column), message: message))
        #expect(JSON5Value.parse(Data(text.utf8)) == nil, "Foundation rejects it too")
    }

    @Test(arguments: [
        "{a: 1, b: 'x', c: \"y\", d: [1, 2,], e: {f: null,},}",
        "{a: +1, b: -.5, c: 5., d: 0x1F, e: Infinity, f: -Infinity, g: 1e3, h: -0}",
        "// lead\n{/* in */a/* between */:/* value */1 // end\n}\n// trail",
        "{'single \"double\" inside': 'and \\'escaped\\''}",
        "[1, [2, [3, {}]], []]",
        "{a: 'line \\\ncontinued'}",
        "{a: '\\/ \\' \\\" \\\\ \\b \\f \\n \\r \\t \\x41 \\u00e9'}",
        "\u{FEFF}{a: 1}",
    ])
    func acceptsWhatFoundationAccepts(text: String) {
        #expect(JSON5PositionIndex(scanning: text).syntaxError == nil)
        #expect(JSON5Value.parse(Data(text.utf8)) != nil)
    }

    /// Valid JSON5 that this toolchain's Foundation refuses: the index says where it is, because
    /// Foundation does not.
    @Test(arguments: [
        ("{a: 1,\n b: 'tab\\v'}", 2, 9, "the escape '\\v' is not supported by Foundation's JSON5 parser; write '\\u000B'"),
        ("{a: '\\0'}", 1, 6, "the escape '\\0' is not supported by Foundation's JSON5 parser; write '\\u0000'"),
        ("{a: 'a\\q'}", 1, 7, "the escape '\\q' is not supported by Foundation's JSON5 parser; write the character without '\\'"),
        ("{a:\u{A0}1}", 1, 4, "whitespace U+00A0 is not supported by Foundation's JSON5 parser; use spaces"),
    ])
    func pointsAtWhatFoundationRefuses(text: String, line: Int, column: Int, message: String) {
        let index = JSON5PositionIndex(scanning: text)
        #expect(index.syntaxError == nil)
        #expect(index.firstUnsupported == .init(position: .init(line: line, column: column), message: message))
        #expect(JSON5Value.parse(Data(text.utf8)) == nil)
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(JSON5PositionIndex(scanning: text).syntaxError?.message == "nested more than 256 levels deep")
    }
}
