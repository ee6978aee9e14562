import Testing
@testable import StudioEngine

/// Every processor must give bit-identical output when run twice and whatever the block size, so
/// that a render is a pure function of its inputs.
@Suite struct DeterminismTests {
    static let fs: Float = 48_000
    static let blocks = [1, 64, 1000, 4096]

    static func testSignal(seed: UInt32, count: Int = 12_000) -> [Float] {
        var noise = NoiseSource(seed: seed)
        var osc = PolyBLEPOscillator(waveform: .saw)
        return (0..<count).map { n in 0.3 * noise.pink() + 0.4 * osc.next(increment: (110 + Float(n % 2400) * 0.1) / fs) }
    }

    static func allEqual(_ runs: [(left: [Float], right: [Float])]) -> Bool {
        runs.allSatisfy { $0.left == runs[0].left && $0.right == runs[0].right }
    }

    @Test func generatorsRepeat() {
        func render() -> [Float] {
            var env = Envelope(attack: 0.01, decay: 0.1, sustain: 0.4, release: 0.2, sampleRate: Self.fs)
            var svf = StateVariableFilter(sampleRate: Self.fs)
            var osc = PolyBLEPOscillator(waveform: .pulse(width: 0.3))
            var noise = NoiseSource(seed: 77)
            return (0..<9600).map { n in
                if n == 6000 { env.noteOff() }
                if n % 16 == 0 { svf.set(cutoff: 200 + 4000 * env.level, resonance: 3) }
                return env.next() * svf.lowpass(osc.next(increment: 0.004) + 0.1 * noise.white())
            }
        }
        #expect(render() == render())
    }

    @Test func reverbDelayChorusAndCompressorAreBlockSizeIndependent() {
        let l = Self.testSignal(seed: 1), r = Self.testSignal(seed: 2)
        let reverbRuns = Self.blocks.map { block -> (left: [Float], right: [Float]) in
            let reverb = Reverb(sampleRate: Self.fs, decaySeconds: 2, damping: 0.6)
            return renderStereo(l, r, block: block) { reverb.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        }
        let delayRuns = Self.blocks.map { block -> (left: [Float], right: [Float]) in
            let delay = StereoDelay(sampleRate: Self.fs, delaySeconds: 0.061, feedback: 0.6, damping: 0.4)
            return renderStereo(l, r, block: block) { delay.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        }
        let chorusRuns = Self.blocks.map { block -> (left: [Float], right: [Float]) in
            var chorus = Chorus(sampleRate: Self.fs)
            return renderInPlace(l, r, block: block) { chorus.process(left: $0, right: $1, frames: $2) }
        }
        let compressorRuns = Self.blocks.map { block -> (left: [Float], right: [Float]) in
            var c = Compressor(sampleRate: Self.fs, thresholdDB: -24, ratio: 3, attack: 0.01, release: 0.15, makeupDB: 3)
            return renderInPlace(l, r, block: block) { c.process(left: $0, right: $1, frames: $2) }
        }
        #expect(Self.allEqual(reverbRuns))
        #expect(Self.allEqual(delayRuns))
        #expect(Self.allEqual(chorusRuns))
        #expect(Self.allEqual(compressorRuns))
        #expect(reverbRuns[0].left.contains { $0 != 0 })
    }
}
