import Foundation
import Testing
@testable import StudioEngine

/// Steady-state gain in dB of a per-sample filter at `frequency`, from a 0.25 s sine whose first
/// 0.1 s (the transient) is discarded.
func gainDB(at frequency: Double, sampleRate: Double = 48_000, _ filter: (Float) -> Float) -> Double {
    let x = sine(frequency: frequency, sampleRate: sampleRate, count: 12_000)
    let y = x.map(filter)
    let settle = 4_800
    let a = SignalAnalysis.amplitude(of: Array(y[settle...]), at: frequency, sampleRate: sampleRate)
    return SignalAnalysis.decibels(a)
}

@Suite struct StateVariableFilterTests {
    static let fs: Float = 48_000

    static func filter(cutoff: Float, q: Float = 0.707) -> StateVariableFilter {
        var f = StateVariableFilter(sampleRate: fs)
        f.set(cutoff: cutoff, resonance: q)
        return f
    }

    @Test func lowpassButterworthResponse() {
        var a = Self.filter(cutoff: 1000), b = Self.filter(cutoff: 1000), c = Self.filter(cutoff: 1000)
        let atCutoff = gainDB(at: 1000) { a.lowpass($0) }
        let twoOctavesUp = gainDB(at: 4000) { b.lowpass($0) }
        let tenthOfCutoff = gainDB(at: 100) { c.lowpass($0) }
        print("SVF LP fc=1 kHz Q=0.707: \(atCutoff) dB @1k, \(twoOctavesUp) dB @4k, \(tenthOfCutoff) dB @100")
        #expect(abs(atCutoff + 3) <= 0.5)
        #expect(twoOctavesUp < -20)
        #expect(abs(tenthOfCutoff) < 0.1)
    }

    @Test func highpassIsTheMirrorImage() {
        var a = Self.filter(cutoff: 1000), b = Self.filter(cutoff: 1000), c = Self.filter(cutoff: 1000)
        let atCutoff = gainDB(at: 1000) { a.highpass($0) }
        let twoOctavesDown = gainDB(at: 250) { b.highpass($0) }
        let tenTimesCutoff = gainDB(at: 10_000) { c.highpass($0) }
        print("SVF HP fc=1 kHz Q=0.707: \(atCutoff) dB @1k, \(twoOctavesDown) dB @250, \(tenTimesCutoff) dB @10k")
        #expect(abs(atCutoff + 3) <= 0.5)
        #expect(twoOctavesDown < -20)
        #expect(abs(tenTimesCutoff) < 0.1)
    }

    @Test func bandpassHasUnityPeakAtAnyQ() {
        for q: Float in [0.707, 4, 20] {
            var f = Self.filter(cutoff: 2000, q: q)
            let g = gainDB(at: 2000) { f.bandpass($0) }
            #expect(abs(g) < 0.1, "Q \(q): \(g) dB")
        }
    }

    @Test func stableUnderBrutalModulationAtQ20() {
        var noise = NoiseSource(seed: 7)
        var jump = StateVariableFilter(sampleRate: Self.fs)
        var sweep = StateVariableFilter(sampleRate: Self.fs)
        var peak: Float = 0
        for n in 0..<96_000 {
            if n % 16 == 0 {
                // Jump between the extremes every 16 samples, and a fast exponential sweep.
                jump.set(cutoff: (n / 16) % 2 == 0 ? 20 : 20_000, resonance: 20)
                let position = 0.5 + 0.5 * FastSine.sin(cycles: Float(n) / 960)
                sweep.set(cutoff: 20 * pow(1000, position), resonance: 20)
            }
            let x = noise.white()
            let outputs = [jump.lowpass(x), sweep.process(x).low, sweep.process(x).band, sweep.highpass(x)]
            for y in outputs {
                #expect(y.isFinite)
                peak = max(peak, abs(y))
            }
        }
        print("SVF Q=20 swept 20 Hz↔20 kHz every 16 samples: peak |y| = \(peak)")
        #expect(peak < 100)
    }

    @Test func resetClearsState() {
        var f = Self.filter(cutoff: 500)
        _ = f.lowpass(1)
        f.reset()
        #expect(f.lowpass(0) == 0)
    }
}

@Suite struct BiquadTests {
    static let fs: Float = 48_000

    @Test func peakingGainAtCentre() {
        for gain: Float in [6, -9, 12] {
            var f = Biquad.peaking(center: 1000, q: 1.4, gainDB: gain, sampleRate: Self.fs)
            let g = gainDB(at: 1000) { f.process($0) }
            print("peaking +\(gain) dB @1 kHz: measured \(g) dB")
            #expect(abs(g - Double(gain)) <= 0.2)
        }
    }

    /// Shelf plateaus are at DC (low shelf) and Nyquist (high shelf), where they are exact.
    @Test func shelfPlateauGains() {
        for gain: Float in [6, -8] {
            var low = Biquad.lowShelf(cutoff: 200, gainDB: gain, sampleRate: Self.fs)
            var dc: Float = 0
            for _ in 0..<48_000 { dc = low.process(1) }
            var high = Biquad.highShelf(cutoff: 4000, gainDB: gain, sampleRate: Self.fs)
            var nyquist: Float = 0
            for n in 0..<48_000 { nyquist = high.process(n % 2 == 0 ? 1 : -1) }
            let lowDB = SignalAnalysis.decibels(Double(abs(dc)))
            let highDB = SignalAnalysis.decibels(Double(abs(nyquist)))
            print("shelves \(gain) dB: low plateau \(lowDB) dB, high plateau \(highDB) dB")
            #expect(abs(lowDB - Double(gain)) <= 0.2)
            #expect(abs(highDB - Double(gain)) <= 0.2)
            // Far from the shelf: unity.
            var low2 = Biquad.lowShelf(cutoff: 200, gainDB: gain, sampleRate: Self.fs)
            #expect(abs(gainDB(at: 12_000) { low2.process($0) }) < 0.2)
        }
    }

    @Test func lowpassAndHighpassAreMinus3dBAtCutoff() {
        var lp = Biquad.lowpass(cutoff: 2000, q: 0.707, sampleRate: Self.fs)
        var hp = Biquad.highpass(cutoff: 2000, q: 0.707, sampleRate: Self.fs)
        let l = gainDB(at: 2000) { lp.process($0) }
        let h = gainDB(at: 2000) { hp.process($0) }
        #expect(abs(l + 3) < 0.1)
        #expect(abs(h + 3) < 0.1)
    }

    @Test func bufferAndSampleProcessingAgreeBitForBit() {
        var noise = NoiseSource(seed: 3)
        let x = (0..<5000).map { _ in noise.white() }
        var a = Biquad.peaking(center: 300, q: 2, gainDB: 9, sampleRate: Self.fs)
        let perSample = x.map { a.process($0) }
        var b = Biquad.peaking(center: 300, q: 2, gainDB: 9, sampleRate: Self.fs)
        var buffer = x
        buffer.withUnsafeMutableBufferPointer { p in
            var start = 0
            for block in [1, 64, 1000, 17, 3918] {
                b.process(p.baseAddress! + start, frames: block)
                start += block
            }
        }
        #expect(perSample == buffer)
    }
}

@Suite struct OnePoleTests {
    @Test func minus3dBAtCutoffBothWays() {
        var lp = OnePole(cutoff: 1000, sampleRate: 48_000)
        var hp = OnePole(cutoff: 1000, sampleRate: 48_000)
        let l = gainDB(at: 1000) { lp.lowpass($0) }
        let h = gainDB(at: 1000) { hp.highpass($0) }
        #expect(abs(l + 3.01) < 0.05)
        #expect(abs(h + 3.01) < 0.05)
        var lp2 = OnePole(cutoff: 1000, sampleRate: 48_000)
        #expect(abs(gainDB(at: 50) { lp2.lowpass($0) }) < 0.05)
    }

    @Test func smoothsAStepWithoutOvershoot() {
        var f = OnePole(cutoff: 10, sampleRate: 48_000)
        var y: Float = 0
        for _ in 0..<48_000 {
            let next = f.lowpass(1)
            #expect(next >= y && next <= 1)
            y = next
        }
        #expect(y > 0.999)
    }
}
