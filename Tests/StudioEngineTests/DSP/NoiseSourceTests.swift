import Testing
@testable import StudioEngine

@Suite struct NoiseSourceTests {
    @Test func whiteIsUniformInRangeAndSeeded() {
        var a = NoiseSource(seed: 42), b = NoiseSource(seed: 42), c = NoiseSource(seed: 43)
        var sum = 0.0, squares = 0.0, same = true, differs = false
        for _ in 0..<100_000 {
            let x = a.white()
            #expect(x >= -1 && x < 1)
            sum += Double(x); squares += Double(x * x)
            if x != b.white() { same = false }
            if x != c.white() { differs = true }
        }
        #expect(same && differs)
        #expect(abs(sum / 100_000) < 0.01)
        #expect(abs((squares / 100_000).squareRoot() - 1 / 3.0.squareRoot()) < 0.01)
        var zero = NoiseSource(seed: 0)
        #expect(zero.white() != zero.white())
    }

    /// Pink noise has equal power in equal-Q bands: compare 200 Hz and 3.2 kHz (four octaves apart;
    /// white noise would differ by 12 dB).
    @Test func pinkIsUnitRMSAndMinus3dBPerOctave() {
        var noise = NoiseSource(seed: 1234)
        let x = (0..<96_000).map { _ in noise.pink() }
        let rms = SignalAnalysis.rms(x)
        var low = StateVariableFilter(sampleRate: 48_000), high = StateVariableFilter(sampleRate: 48_000)
        low.set(cutoff: 200, resonance: 2)
        high.set(cutoff: 3200, resonance: 2)
        let lowRMS = SignalAnalysis.rms(x.map { low.bandpass($0) }[4800...])
        let highRMS = SignalAnalysis.rms(x.map { high.bandpass($0) }[4800...])
        let tilt = SignalAnalysis.decibels(highRMS / lowRMS)
        print("pink: RMS \(rms), 3.2 kHz band vs 200 Hz band: \(tilt) dB")
        #expect(rms > 0.85 && rms < 1.15)
        #expect(abs(tilt) < 1.5)
    }
}
