import Foundation
import Testing
@testable import StudioCore

@Suite struct Base64URLTests {
    /// RFC 4648 §10, with the padding removed as §5 allows for base64url, plus vectors whose
    /// standard spelling uses `+` and `/` so the URL alphabet itself is checked.
    static let vectors: [(bytes: [UInt8], text: String)] = [
        (Array("".utf8), ""),
        (Array("f".utf8), "Zg"),
        (Array("fo".utf8), "Zm8"),
        (Array("foo".utf8), "Zm9v"),
        (Array("foob".utf8), "Zm9vYg"),
        (Array("fooba".utf8), "Zm9vYmE"),
        (Array("foobar".utf8), "Zm9vYmFy"),
        ([0xFB, 0xFF, 0xBF], "-_-_"),   // standard: "+/+/"
        ([0xFB, 0xFF], "-_8"),          // standard: "+/8="
        ([0xFF], "_w"),                 // standard: "/w=="
        ([0x00, 0x00, 0x00], "AAAA"),
    ]

    @Test(arguments: vectors)
    func encodesAndDecodesKnownVectors(bytes: [UInt8], text: String) {
        #expect(Base64URL.encode(bytes) == text)
        #expect(Base64URL.decode(text) == bytes)
        #expect(Data(bytes).base64URLEncodedString() == text)
        #expect(Data(base64URLEncoded: text) == Data(bytes))
    }

    @Test func roundTripsEveryLengthAndByte() {
        var random = SeededRandom(seed: 4648)
        for length in 0...200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(text) == bytes, "length \(length)")
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        }
        let allBytes = (0...255).map { UInt8($0) }
        #expect(Base64URL.decode(Base64URL.encode(allBytes)) == allBytes)
    }

    @Test func agreesWithFoundationAfterSwappingTheAlphabet() {
        var random = SeededRandom(seed: 5)
        for length in [1, 2, 3, 31, 32, 33, 100] {
            let data = Data((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            let standard = data.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(data.base64URLEncodedString() == standard)
        }
    }

    @Test(arguments: [
        "Zg==",     // padding
        "Zm9v\n",   // whitespace
        "Zm+v",     // standard alphabet
        "Zm/v",
        "Z",        // a lone symbol is never a whole byte
        "Zm9vY",
        "Zh",       // non-zero unused bits: "Zg" is the only spelling of "f"
        "Zm9",      // likewise for "fo" ("Zm8")
        "Zm9vé",
    ])
    func rejectsNonCanonicalText(text: String) {
        #expect(Base64URL.decode(text) == nil)
        #expect(Data(base64URLEncoded: text) == nil)
    }

    @Test func secureRandomTokensAreURLSafeAndDistinct() {
        let tokens = (0..<100).map { _ in SecureRandom.token() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 43)
            #expect(Base64URL.decode(token)?.count == 32)
        }
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(13).count == 13)
        // 4096 random bytes use every byte value at least once with overwhelming probability;
        // a generator stuck at zero or repeating a short pattern does not.
        #expect(Set(SecureRandom.bytes(4096)).count > 200)
    }
}
