import Testing
@testable import StudioCore

@Suite struct SeededRandomTests {
    @Test func matchesTheSplitMix64ReferenceSequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        var rng = SeededRandom(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func derivedStreamsAreStableAndIndependent() {
        let root = SeededRandom(seed: 42)
        var a1 = root.derived("drums"), a2 = root.derived("drums"), b = root.derived("bass")
        let x = (0..<8).map { _ in a1.next() }
        #expect(x == (0..<8).map { _ in a2.next() })
        #expect(x != (0..<8).map { _ in b.next() })
    }

    @Test func unitStaysInRange() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<10_000 {
            let u = rng.unit()
            #expect(u >= 0 && u < 1)
        }
    }
}
