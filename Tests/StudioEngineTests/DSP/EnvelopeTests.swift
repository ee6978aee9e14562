import Testing
@testable import StudioEngine

@Suite struct EnvelopeTests {
    static let fs: Float = 48_000

    @Test func attackReachesOneOnTime() {
        for attack: Float in [0, 0.005, 0.01, 0.37, 2] {
            var env = Envelope(attack: attack, decay: 0.2, sustain: 0.5, release: 0.3, sampleRate: Self.fs)
            var n = 0
            var previous: Float = 0
            while true {
                n += 1
                let y = env.next()
                #expect(y >= previous, "attack must rise monotonically")
                previous = y
                if y >= 1 { break }
            }
            let expected = max(Int((attack * Self.fs).rounded()), 1)
            #expect(abs(n - expected) <= 1, "attack \(attack): reached 1.0 at sample \(n), expected \(expected)")
        }
    }

    @Test func sustainIsHeld() {
        var env = Envelope(attack: 0.001, decay: 0.05, sustain: 0.6, release: 0.3, sampleRate: Self.fs)
        for _ in 0..<Int(0.2 * Self.fs) { _ = env.next() }
        for _ in 0..<24_000 {
            #expect(abs(env.next() - 0.6) < 1e-3)
        }
        // Decay reached its target to −60 dB of the distance after `decay` seconds.
        var env2 = Envelope(attack: 0, decay: 0.05, sustain: 0.6, release: 0.3, sampleRate: Self.fs)
        for _ in 0..<Int(0.05 * Self.fs) + 1 { _ = env2.next() }
        #expect(abs(env2.level - 0.6) < 0.4 * 0.0011)
    }

    @Test func releaseReachesMinus60dBInTimeAndFinishes() {
        for release: Float in [0.01, 0.3, 1.5] {
            var env = Envelope(attack: 0.001, decay: 0.01, sustain: 1, release: release, sampleRate: Self.fs)
            for _ in 0..<480 { _ = env.next() }
            env.noteOff()
            var n = 0
            while env.next() >= 0.001 { n += 1 }
            let limit = Int(release * Self.fs * 1.1)
            #expect(n <= limit, "release \(release): −60 dB after \(n) samples, limit \(limit)")
            #expect(n >= Int(release * Self.fs * 0.9))
            #expect(!env.isFinished)
            var m = 0
            while !env.isFinished && m < Int(release * Self.fs * 3) { _ = env.next(); m += 1 }
            #expect(env.isFinished)
            #expect(env.next() == 0)
        }
    }

    @Test func noteOffDuringAttackReleasesSmoothly() {
        var env = Envelope(attack: 0.1, decay: 0.1, sustain: 0.5, release: 0.2, sampleRate: Self.fs)
        var previous: Float = 0
        for _ in 0..<2000 { previous = env.next() }   // ≈ 0.42 of the way up
        env.noteOff()
        let first = env.next()
        #expect(first <= previous, "release must start from the current level")
        #expect(previous - first < 1e-3, "no jump: \(previous) → \(first)")
        var last = first
        for _ in 0..<1000 {
            let y = env.next()
            #expect(y <= last && last - y < 1e-3)
            last = y
        }
    }

    @Test func percussiveEnvelopeFinishesWithoutNoteOff() {
        var env = Envelope(attack: 0.001, decay: 0.1, sustain: 0, release: 0.1, sampleRate: Self.fs)
        var n = 0
        while !env.isFinished && n < 48_000 { _ = env.next(); n += 1 }
        #expect(env.isFinished)
    }

    @Test func retriggerContinuesFromCurrentLevel() {
        var env = Envelope(attack: 0.01, decay: 0.1, sustain: 0.5, release: 0.2, sampleRate: Self.fs)
        for _ in 0..<4800 { _ = env.next() }
        env.noteOff()
        for _ in 0..<2400 { _ = env.next() }
        let before = env.level
        env.noteOn()
        let after = env.next()
        #expect(after > before && after - before < 0.01)
    }
}
