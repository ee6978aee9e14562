import Foundation
import StudioCore
import Testing
@testable import StudioAudio

@Suite struct FFTTests {
    static func naiveDFT(real: [Float], imaginary: [Float], inverse: Bool) -> (re: [Double], im: [Double]) {
        let n = real.count
        let sign = inverse ? 1.0 : -1.0
        var re = [Double](repeating: 0, count: n), im = re
        for k in 0..<n {
            for t in 0..<n {
                let angle = sign * 2 * Double.pi * Double((k * t) % n) / Double(n)
                re[k] += Double(real[t]) * cos(angle) - Double(imaginary[t]) * sin(angle)
                im[k] += Double(real[t]) * sin(angle) + Double(imaginary[t]) * cos(angle)
            }
        }
        return (re, im)
    }

    /// Largest bin error relative to the largest bin, against a Double-precision naive DFT.
    @Test(arguments: [1, 2, 4, 8, 64, 256, 1024])
    func matchesNaiveDFT(size: Int) {
        var random = SeededRandom(seed: UInt64(size))
        for inverse in [false, true] {
            let real = (0..<size).map { _ in Float(random.uniform(-1...1)) }
            let imaginary = (0..<size).map { _ in Float(random.uniform(-1...1)) }
            let expected = Self.naiveDFT(real: real, imaginary: imaginary, inverse: inverse)
            var (re, im) = (real, imaginary)
            FFT(size: size).transform(real: &re, imaginary: &im, inverse: inverse)
            var worst = 0.0, largest = 0.0
            for k in 0..<size {
                worst = max(worst, hypot(Double(re[k]) - expected.re[k], Double(im[k]) - expected.im[k]))
                largest = max(largest, hypot(expected.re[k], expected.im[k]))
            }
            #expect(worst <= 1e-4 * largest, "size \(size) inverse \(inverse): error \(worst / largest)")
        }
    }

    /// A windowed sine peaks in its own bin with the Hann window's coherent gain (N/4 for amplitude 1).
    @Test func magnitudeSpectrumOfSine() {
        let size = 1024
        var spectrum = MagnitudeSpectrum(size: size)
        let frame = (0..<size).map { Float(sin(2 * Double.pi * 50 * Double($0) / Double(size))) }
        var magnitudes = [Float](repeating: 0, count: spectrum.binCount)
        frame.withUnsafeBufferPointer { f in
            magnitudes.withUnsafeMutableBufferPointer { spectrum.compute(frame: f.baseAddress!, into: $0.baseAddress!) }
        }
        #expect(magnitudes.firstIndex(of: magnitudes.max()!) == 50)
        #expect(abs(magnitudes[50] - Float(size) / 4) < 0.01 * Float(size) / 4)
        #expect(magnitudes[45] < 1e-3 * magnitudes[50])
        #expect(spectrum.frequency(ofBin: 50, sampleRate: 48_000) == 2343.75)
    }
}
