@testable import StudioSoundFont
import Testing
@testable import StudioEngine

/// The control-rate pieces of the player on their own: the LFO's shape and delay, and the
/// source curves of the font's modulators, read as FluidSynth reads them.
@Suite struct SampleModulationTests {
    @Test func triangleLFOStartsAtZeroRisesFirstAndWaitsForItsDelay() {
        // 44100 / 64 blocks per second at 689.0625 Hz / 4 swings: a quarter period per block.
        let lfo = SoundFontLFO(delay: 128.0 / 44_100, frequency: 44_100.0 / 64 / 4, toPitch: 50, toFilterCutoff: 0, toVolume: 0)
        var triangle = TriangleLFO(lfo, sampleRate: 44_100)
        var values: [Double] = []
        for block in 0..<7 {
            triangle.advance(ticks: block * 64)
            values.append(triangle.value)
        }
        #expect(values.map { ($0 * 1000).rounded() / 1000 } == [0, 0, 1, 0, -1, 0, 1], "\(values)")
    }

    @Test func velocityModulatorsFollowFluidSynthsCurves() {
        // FluidR3's velocity → cutoff source: velocity, negative, concave (0x0502).
        let concaveNegative: UInt16 = 0x0502
        #expect(NoteModulators.source(concaveNegative, key: 60, velocity: 127, primary: true) == 0)
        let soft = NoteModulators.source(concaveNegative, key: 60, velocity: 50, primary: true)
        #expect(abs(soft - 0.1688) < 0.001, "concave(77) is \(soft)")
        // Its switch as amount source (0x0D02: velocity, negative, switch): 1 below 64, 0 from 64.
        #expect(NoteModulators.source(0x0D02, key: 60, velocity: 63, primary: false) == 1)
        #expect(NoteModulators.source(0x0D02, key: 60, velocity: 64, primary: false) == 0)
        // No controller: a primary source of it silences the modulator, a secondary one is 1.
        #expect(NoteModulators.source(0, key: 60, velocity: 100, primary: true) == 0)
        #expect(NoteModulators.source(0, key: 60, velocity: 100, primary: false) == 1)
        // CC10 (pan) at its power-on 64, bipolar linear: exactly centre.
        #expect(NoteModulators.source(0x0280 | 10, key: 60, velocity: 100, primary: true) == 0)
    }
}
