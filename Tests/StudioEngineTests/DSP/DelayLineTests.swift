import Foundation
import Testing
@testable import StudioEngine

@Suite struct DelayLineTests {
    @Test func integerDelayIsExact() {
        var line = DelayLine(maxDelaySamples: 1000)
        var noise = NoiseSource(seed: 9)
        var history: [Float] = []
        for _ in 0..<5000 {
            let x = noise.white()
            line.write(x)
            history.append(x)
            for d in [0, 1, 7, 500, 1000] where d < history.count {
                #expect(line.read(integerDelay: d) == history[history.count - 1 - d])
            }
        }
    }

    @Test func fractionalDelayOfASineHasTheExpectedPhase() {
        let fs = 48_000.0, f = 1000.0, delay = 10.37
        var line = DelayLine(maxDelaySamples: 64)
        let x = sine(frequency: f, sampleRate: fs, count: 4800)
        var hermite: [Float] = [], linear: [Float] = []
        var worst = 0.0
        for (n, v) in x.enumerated() {
            line.write(v)
            let y = line.read(delay: Float(delay))
            hermite.append(y)
            linear.append(line.readLinear(delay: Float(delay)))
            if n >= 64 {
                worst = max(worst, abs(Double(y) - sin(2 * Double.pi * f * (Double(n) - delay) / fs)))
            }
        }
        // Phase of the delayed sine relative to the input, by DFT at f.
        func phase(_ s: [Float]) -> Double {
            let (re, im) = SignalAnalysis.dft(SignalAnalysis.windowed(Array(s[64...])), frequency: f, sampleRate: fs)
            return atan2(im, re)
        }
        func lagError(_ s: [Float]) -> Double {
            var lag = phase(Array(x)) - phase(s)
            while lag < 0 { lag += 2 * Double.pi }
            return lag / (2 * Double.pi * f / fs) - delay   // in samples
        }
        print("DelayLine fractional 10.37 @1 kHz: Hermite max error \(worst), lag error Hermite \(lagError(hermite)) / linear \(lagError(linear)) samples")
        #expect(worst < 1e-3)
        #expect(abs(lagError(hermite)) < 0.005)
        #expect(abs(lagError(linear)) < 0.01)
    }
}
