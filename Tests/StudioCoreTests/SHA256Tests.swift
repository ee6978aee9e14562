import Foundation
import Testing
@testable import StudioCore

/// FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf").
@Suite struct SHA256Tests {
    static let vectors: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test(arguments: vectors)
    func oneShotMatchesTheNISTVector(message: String, digest: String) {
        #expect(SHA256.hash(Data(message.utf8)).hex == digest)
        #expect(SHA256.hash(message.utf8).hex == digest)
    }

    @Test func oneMillionAs() {
        let message = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(message).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 65 bytes) exercise the one- and
    /// two-block padding paths; the digests come from `sha256sum`.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hash(Array(repeating: UInt8(ascii: "a"), count: length)).hex == digest)
    }

    @Test(arguments: [1, 3, 7, 63, 64, 65, 127, 1000])
    func streamingInOddChunksEqualsOneShot(chunkSize: Int) {
        var random = SeededRandom(seed: UInt64(chunkSize))
        let message = (0..<5_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var hasher = SHA256()
        var start = 0
        var useData = false
        while start < message.count {
            let end = min(start + chunkSize, message.count)
            // Alternate the overloads so both paths feed one state.
            if useData { hasher.update(Data(message[start..<end])) } else { hasher.update(message[start..<end]) }
            useData.toggle()
            start = end
        }
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func finalizeDoesNotEndTheStream() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        #expect(hasher.finalize().hex == SHA256.hash("ab".utf8).hex)
        hasher.update("c".utf8)
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func digestForms() {
        let digest = SHA256.hash("abc".utf8)
        #expect(digest.bytes.count == SHA256.digestByteCount)
        #expect(digest.bytes.prefix(4) == [0xBA, 0x78, 0x16, 0xBF])
        #expect(digest.data == Data(digest.bytes))
        #expect(digest.description == digest.hex)
        #expect(digest.base64URL == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
        #expect(digest != SHA256.hash("abd".utf8))
    }

    /// Cached renders are keyed by seeds derived this way: the value must never change.
    @Test func seedIsTheFirst8BytesBelow2To53() {
        let digest = SHA256.hash(Array("seed:acme/deep-work".utf8))
        #expect(digest.seed == 721_729_505_877_018)
        #expect(digest.seed < 1 << 53)
    }
}
