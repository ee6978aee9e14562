import Foundation
import Testing
@testable import StudioEngine

@Suite struct ReverbTests {
    static let fs: Float = 48_000
    static let length = 96_000   // 2 s

    static func impulseResponse(_ reverb: Reverb, count: Int = length) -> (left: [Float], right: [Float]) {
        let x = impulse(count: count)
        return renderStereo(x, x, block: 512) {
            reverb.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4)
        }
    }

    static func lowpassed(_ x: [Float], cutoff: Float) -> [Float] {
        var a = Biquad.lowpass(cutoff: cutoff, q: 0.707, sampleRate: fs)
        var b = Biquad.lowpass(cutoff: cutoff, q: 0.707, sampleRate: fs)
        return x.map { b.process(a.process($0)) }
    }

    static func highpassed(_ x: [Float], cutoff: Float) -> [Float] {
        var a = Biquad.highpass(cutoff: cutoff, q: 0.707, sampleRate: fs)
        var b = Biquad.highpass(cutoff: cutoff, q: 0.707, sampleRate: fs)
        return x.map { b.process(a.process($0)) }
    }

    /// Broadband T20 with damping 0 (flat decay), and the < 300 Hz band with the default damping,
    /// both against the requested low-frequency RT60.
    @Test(arguments: [Float(1), 3])
    func rt60MatchesDecaySeconds(decay: Float) {
        let flat = Self.impulseResponse(Reverb(sampleRate: Self.fs, decaySeconds: decay, damping: 0))
        let broadband = SignalAnalysis.rt60(flat.left, sampleRate: Double(Self.fs))
        let damped = Self.impulseResponse(Reverb(sampleRate: Self.fs, decaySeconds: decay, damping: 0.5))
        let low = SignalAnalysis.rt60(Self.lowpassed(damped.left, cutoff: 300), sampleRate: Double(Self.fs))
        let high = SignalAnalysis.rt60(Self.highpassed(damped.left, cutoff: 6000), sampleRate: Double(Self.fs))
        print("Reverb decay \(decay) s: RT60 broadband (damping 0) \(broadband) s; damping 0.5: <300 Hz \(low) s, >6 kHz \(high) s")
        #expect(abs(broadband / Double(decay) - 1) <= 0.25)
        #expect(abs(low / Double(decay) - 1) <= 0.25)
        #expect(high < 0.75 * low, "damping must shorten the high-frequency decay")
    }

    /// The FDN resonates at DC; the input DC blocker must keep it from being excited.
    @Test func noDCBuildUp() {
        let ir = Self.impulseResponse(Reverb(sampleRate: Self.fs, decaySeconds: 1, damping: 0.5))
        let sum = ir.left.reduce(0.0) { $0 + Double($1) }
        let absSum = ir.left.reduce(0.0) { $0 + Double(abs($1)) }
        // A sustained DC send: the output's mean over its last half second must be ≈ 0.
        let reverb = Reverb(sampleRate: Self.fs, decaySeconds: 3, damping: 0.2)
        let dc = [Float](repeating: 0.5, count: Self.length)
        let out = renderStereo(dc, dc, block: 256) { reverb.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        let tail = out.left[(Self.length / 2)...]
        let mean = tail.reduce(0.0) { $0 + Double($1) } / Double(tail.count)
        print("Reverb DC: IR sum \(sum) (Σ|h| = \(absSum)); mean output for a 0.5 DC send, last 1 s: \(mean)")
        #expect(abs(sum) < 1e-3 * absSum)
        #expect(abs(mean) < 0.005)
    }

    @Test func leftAndRightAreDecorrelated() {
        let ir = Self.impulseResponse(Reverb(sampleRate: Self.fs))
        let whole = SignalAnalysis.correlation(ir.left[...], ir.right[...])
        let tail = SignalAnalysis.correlation(ir.left[4800...], ir.right[4800...])
        // Pink noise into both sends (a mono source), the common case for a reverb bus.
        var noise = NoiseSource(seed: 5)
        let x = (0..<48_000).map { _ in 0.3 * noise.pink() }
        let reverb = Reverb(sampleRate: Self.fs)
        let out = renderStereo(x, x, block: 256) { reverb.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        let music = SignalAnalysis.correlation(out.left[4800...], out.right[4800...])
        print("Reverb L/R correlation: IR \(whole), IR after 100 ms \(tail), mono pink send \(music)")
        #expect(abs(whole) < 0.5 && abs(tail) < 0.5 && abs(music) < 0.5)
    }

    /// Normalised echo density (Abel & Huang, AES 2006): ≈ 1 means Gaussian-like, i.e. no audible
    /// separate echoes. Informational plus a loose bound.
    @Test func tailIsDense() {
        let ir = Self.impulseResponse(Reverb(sampleRate: Self.fs), count: 24_000)
        func density(_ s: ArraySlice<Float>) -> Double {
            let sd = SignalAnalysis.rms(s)
            let outside = s.filter { Double(abs($0)) > sd }.count
            return Double(outside) / Double(s.count) / 0.3173
        }
        let early = density(ir.left[2400..<4800]), late = density(ir.left[9600..<14400])
        print("Reverb echo density: 50–100 ms \(early), 200–300 ms \(late)")
        #expect(early > 0.6)
        #expect(late > 0.8)
    }

    @Test func silenceAfterTheTailIsExactlyZeroAndNeverSubnormal() {
        let reverb = Reverb(sampleRate: Self.fs, decaySeconds: 0.25, damping: 0.5)
        let ir = Self.impulseResponse(reverb)
        let subnormals = (ir.left + ir.right).filter { $0 != 0 && abs($0) < Float.leastNormalMagnitude }.count
        let lastNonZero = ir.left.lastIndex { $0 != 0 } ?? 0
        print("Reverb 0.25 s: last non-zero output sample at \(Double(lastNonZero) / Double(Self.fs)) s; subnormal outputs: \(subnormals)")
        #expect(subnormals == 0)
        #expect(ir.left[(Self.length - 4800)...].allSatisfy { $0 == 0 })
        #expect(ir.right[(Self.length - 4800)...].allSatisfy { $0 == 0 })
    }

    @Test func blockSizeAndRerunsGiveIdenticalOutput() {
        var noise = NoiseSource(seed: 11)
        let l = (0..<24_000).map { n in n < 4800 ? noise.white() : 0 }
        let r = (0..<24_000).map { n in n < 4800 ? noise.white() : 0 }
        func run(_ block: Int) -> (left: [Float], right: [Float]) {
            let reverb = Reverb(sampleRate: Self.fs, decaySeconds: 1.7, damping: 0.3, preDelaySeconds: 0.011, size: 0.8)
            return renderStereo(l, r, block: block) { reverb.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        }
        let a = run(64), b = run(1000), c = run(64), d = run(1)
        #expect(a.left == b.left && a.right == b.right)
        #expect(a.left == c.left && a.right == c.right)
        #expect(a.left == d.left && a.right == d.right)
    }

    /// The mix bus runs the reverb in place (outputs = inputs). In place or not, any block size
    /// must give the same samples — also at 8 kHz, where the shortest input allpass (29 samples)
    /// is shorter than the reverb's internal sub-block.
    @Test(arguments: [Float(48_000), 8_000])
    func inPlaceAndOddBlockSizesGiveIdenticalOutput(sampleRate: Float) {
        var noise = NoiseSource(seed: 21)
        let l = (0..<20_000).map { n in n < 3000 ? noise.white() : 0 }
        let r = (0..<20_000).map { n in n < 3000 ? noise.white() : 0 }
        func make() -> Reverb { Reverb(sampleRate: sampleRate, decaySeconds: 1.2, damping: 0.4, preDelaySeconds: 0, size: 0.6) }
        func outOfPlace(_ block: Int) -> (left: [Float], right: [Float]) {
            let reverb = make()
            return renderStereo(l, r, block: block) { reverb.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        }
        func inPlace(_ block: Int) -> (left: [Float], right: [Float]) {
            let reverb = make()
            return renderInPlace(l, r, block: block) { reverb.process(inLeft: $0, inRight: $1, outLeft: $0, outRight: $1, frames: $2) }
        }
        let reference = outOfPlace(4096)
        #expect(reference.left.contains { $0 != 0 } && reference.right.contains { $0 != 0 })
        for block in [1, 3, 31, 33, 100] {
            #expect(outOfPlace(block) == reference, "block \(block)")
            #expect(inPlace(block) == reference, "block \(block), in place")
        }
    }

    @Test func preDelayDelaysTheOnset() {
        let ir = Self.impulseResponse(Reverb(sampleRate: Self.fs, preDelaySeconds: 0.05), count: 9600)
        let first = ir.left.firstIndex { $0 != 0 } ?? 0
        #expect(first >= 2400)
        #expect(first < 2400 + 480)
    }
}

@Suite struct StereoDelayTests {
    static let fs: Float = 48_000

    static func energy(_ x: [Float], around index: Int, radius: Int = 200) -> Double {
        x[max(index - radius, 0)..<min(index + radius, x.count)].reduce(0.0) { $0 + Double($1) * Double($1) }
    }

    @Test func impulseComesBackOnTimeAndDecaysByFeedback() {
        let delay = StereoDelay(sampleRate: Self.fs, delaySeconds: 0.1, feedback: 0.5, damping: 0)
        let x = impulse(count: 48_000)
        let out = renderStereo(x, x, block: 300) { delay.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        let d = 4800
        let firstLeft = out.left.firstIndex { abs($0) > 1e-6 } ?? -1
        let firstRight = out.right.firstIndex { abs($0) > 1e-6 } ?? -1
        #expect(abs(firstLeft - d) <= 1)
        #expect(abs(firstRight - 2 * d) <= 1)
        // Repeats alternate L (1, 3, 5, …·D) and R (2, 4, …·D); amplitude ratio per repeat.
        var ratios: [Double] = []
        var previous = Self.energy(out.left, around: d)
        for k in 2...8 {
            let e = Self.energy(k % 2 == 0 ? out.right : out.left, around: k * d)
            ratios.append((e / previous).squareRoot())
            previous = e
        }
        print("StereoDelay 0.1 s fb 0.5 damping 0: first echo L at \(firstLeft), R at \(firstRight); per-repeat ratios \(ratios)")
        for r in ratios { #expect(abs(r - 0.5) < 0.05) }

        let dark = StereoDelay(sampleRate: Self.fs, delaySeconds: 0.1, feedback: 0.5, damping: 0.6)
        let outDark = renderStereo(x, x, block: 300) { dark.process(inLeft: $0, inRight: $1, outLeft: $2, outRight: $3, frames: $4) }
        let r3 = (Self.energy(outDark.left, around: 3 * d) / Self.energy(outDark.right, around: 2 * d)).squareRoot()
        print("StereoDelay damping 0.6: third/second repeat ratio \(r3)")
        #expect(r3 < 0.5 && r3 > 0.2)
    }

    @Test func tempoSyncHelper() {
        #expect(StereoDelay.seconds(beats: 0.75, bpm: 120) == 0.375)
    }
}
