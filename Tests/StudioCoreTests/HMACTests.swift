import Foundation
import Testing
@testable import StudioCore

/// RFC 4231 §4.2–4.8: the HMAC-SHA256 test cases 1–7.
@Suite struct HMACTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    static let cases: [Case] = [
        Case(number: 1, key: Array(repeating: 0x0B, count: 20), data: Array("Hi There".utf8),
             mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
             mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(number: 3, key: Array(repeating: 0xAA, count: 20), data: Array(repeating: 0xDD, count: 50),
             mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(number: 4, key: Array(0x01...0x19), data: Array(repeating: 0xCD, count: 50),
             mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Case 5 publishes only the first 128 bits.
        Case(number: 5, key: Array(repeating: 0x0C, count: 20), data: Array("Test With Truncation".utf8),
             mac: "a3b6167473100ee06e0c796c2955552b"),
        Case(number: 6, key: Array(repeating: 0xAA, count: 131),
             data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(number: 7, key: Array(repeating: 0xAA, count: 131),
             data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                 + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
             mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases)
    func matchesRFC4231(_ test: Case) {
        let mac = HMAC.authenticationCode(for: test.data, key: test.key)
        let expectedBytes = test.mac.count / 2
        #expect(SHA256.Digest.hex(mac.bytes.prefix(expectedBytes)) == test.mac)
        // The Data overloads agree with the byte-sequence ones.
        #expect(HMAC.authenticationCode(for: Data(test.data), key: Data(test.key)) == mac)
    }

    @Test(arguments: cases)
    func streamingEqualsOneShot(_ test: Case) {
        var hmac = HMAC(key: Data(test.key))
        for byte in test.data { hmac.update(CollectionOfOne(byte)) }
        #expect(hmac.finalize() == HMAC.authenticationCode(for: test.data, key: test.key))
    }

    @Test func verifiesOnlyTheRightCode() {
        let key = Array("secret".utf8)
        let message = Array("mslink_abc:2030-01-01".utf8)
        let code = HMAC.authenticationCode(for: message, key: key).bytes
        #expect(HMAC.isValidAuthenticationCode(code, for: message, key: key))
        var flipped = code
        flipped[31] ^= 0x01
        #expect(!HMAC.isValidAuthenticationCode(flipped, for: message, key: key))
        #expect(!HMAC.isValidAuthenticationCode(code.prefix(16), for: message, key: key))
        #expect(!HMAC.isValidAuthenticationCode(code, for: message, key: Array("secreT".utf8)))
        #expect(!HMAC.isValidAuthenticationCode(code, for: message + [0], key: key))
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!constantTimeEquals([0, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([1, 2] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(constantTimeEquals([] as [UInt8], [] as [UInt8]))
        #expect(constantTimeEquals("tok_é", "tok_é"))
        #expect(!constantTimeEquals("tok_a", "tok_b"))
        // Precomposed é and e + combining acute are equal Strings but different bytes: a secret must not match.
        #expect(!constantTimeEquals("\u{E9}", "e\u{301}"))
    }
}
