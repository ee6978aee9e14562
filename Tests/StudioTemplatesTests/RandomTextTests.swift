import Testing
@testable import StudioTemplates

/// A property: text without `{{` is not a template at all, and renders as itself, byte for byte.
@Suite struct RandomTextTests {
    /// SplitMix64, so a failure reproduces from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Characters that stress the lexer: braces, tag sigils, HTML specials, whitespace, CRLF, non-ASCII.
    static let alphabet: [Character] = Array("{}#^/>!&=@?.<>\"' \t\n\r\r\nabcXYZ019é✓🎵\u{0}")

    static func randomText(length: Int, using generator: inout Generator) -> String {
        var text = ""
        for _ in 0..<length {
            var character = alphabet.randomElement(using: &generator)!
            // Never two opening braces in a row: that would be a tag.
            while character == "{" && text.last == "{" { character = alphabet.randomElement(using: &generator)! }
            text.append(character)
        }
        return text
    }

    @Test(arguments: 0..<200)
    func textWithoutTagsRendersUnchanged(seed: Int) throws {
        var generator = Generator(state: UInt64(seed))
        let text = Self.randomText(length: Int.random(in: 0...300, using: &generator), using: &generator)
        #expect(!text.contains("{{"))
        #expect(try Template(text).render([:]) == text, "seed \(seed)")
        #expect(try TemplateSet(sources: ["page": text]).render("page", ["unused": 1]) == text, "seed \(seed)")
    }
}
