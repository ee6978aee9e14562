import Foundation
import StudioAudio
import StudioCore
@testable import StudioEngine

/// A render with every stem read back, for tests that judge the mix as a producer would: where
/// the bass sits, how much air there is, what a mono fold-down costs.
struct StemRender {
    let mix: (left: [Float], right: [Float])
    let stems: [Stem: (left: [Float], right: [Float])]
    static let sampleRate = 48_000.0

    static func render(_ request: RenderRequest) throws -> StemRender {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mix-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var urls: [Stem: URL] = [:]
        for stem in Stem.allCases { urls[stem] = directory.appendingPathComponent("\(stem.rawValue).wav") }
        let mixURL = directory.appendingPathComponent("mix.wav")
        let report = try Renderer().render(request, to: RenderOutput(mix: [(mixURL, .wavFloat)], stems: urls, date: "2026-01-01"))
        var stems: [Stem: (left: [Float], right: [Float])] = [:]
        for name in report.stems {
            guard let stem = Stem(rawValue: name), let url = urls[stem] else { continue }
            stems[stem] = try AudioFileReader(url: url).readAll()
        }
        return StemRender(mix: try AudioFileReader(url: mixURL).readAll(), stems: stems)
    }
}

/// Measurements on rendered audio, built on StudioAudio's FFT.
enum MixAnalysis {
    static let sampleRate = StemRender.sampleRate
    /// Power of the mid (mono) signal in [low, high) Hz, averaged over Hann frames, in dB.
    static func bandPowerDB(_ signal: (left: [Float], right: [Float]), from low: Double, to high: Double) -> Double {
        let size = 4096
        var spectrum = MagnitudeSpectrum(size: size)
        let mono = zip(signal.left, signal.right).map { ($0 + $1) * 0.5 }
        var magnitudes = [Float](repeating: 0, count: size / 2 + 1)
        var sum = 0.0, frames = 0
        var start = 0
        let lowBin = Int(low * Double(size) / sampleRate), highBin = Int(high * Double(size) / sampleRate)
        while start + size <= mono.count {
            mono.withUnsafeBufferPointer { mono in
                magnitudes.withUnsafeMutableBufferPointer { spectrum.compute(frame: mono.baseAddress! + start, into: $0.baseAddress!) }
            }
            for bin in lowBin..<highBin { sum += Double(magnitudes[bin] * magnitudes[bin]) }
            frames += 1
            start += size / 2
        }
        return 10 * log10(max(sum / Double(max(frames, 1)), 1e-30))
    }

    /// The share of audible frames whose fundamental (the lowest strong partial in 20–400 Hz) lies
    /// in `range`, and the median fundamental.
    static func fundamentalShare(_ signal: (left: [Float], right: [Float]), in range: ClosedRange<Double>) -> (share: Double, median: Double) {
        let size = 8192
        var spectrum = MagnitudeSpectrum(size: size)
        let mono = zip(signal.left, signal.right).map { ($0 + $1) * 0.5 }
        var magnitudes = [Float](repeating: 0, count: size / 2 + 1)
        var peaks: [(frequency: Double, level: Float)] = []
        var start = 0
        while start + size <= mono.count {
            mono.withUnsafeBufferPointer { mono in
                magnitudes.withUnsafeMutableBufferPointer { spectrum.compute(frame: mono.baseAddress! + start, into: $0.baseAddress!) }
            }
            let low = Int(20 * Double(size) / sampleRate), high = Int(400 * Double(size) / sampleRate)
            var loudest = low
            for bin in low...high where magnitudes[bin] > magnitudes[loudest] { loudest = bin }
            // The fundamental is the lowest strong partial (a peak within 10 dB of the loudest):
            // a plucked bass's second harmonic often outweighs its fundamental, but the ear
            // still hears the fundamental's pitch, and a sub octave under the line counts.
            var fundamental = loudest
            for bin in stride(from: low + 1, to: loudest, by: 1) where magnitudes[bin] >= magnitudes[loudest] * 0.316
                && magnitudes[bin] >= magnitudes[bin - 1] && magnitudes[bin] >= magnitudes[bin + 1] {
                fundamental = bin
                break
            }
            peaks.append((spectrum.frequency(ofBin: Double(fundamental), sampleRate: sampleRate), magnitudes[loudest]))
            start += size / 2
        }
        let loudest = peaks.map(\.level).max() ?? 0
        let audible = peaks.filter { $0.level > loudest * 0.03 }.map(\.frequency)
        guard !audible.isEmpty else { return (0, 0) }
        let inside = audible.filter { range.contains($0) }.count
        return (Double(inside) / Double(audible.count), audible.sorted()[audible.count / 2])
    }

    /// How much quieter the mono fold-down (L+R)/2 is than the stereo signal, in dB (positive = loss).
    static func monoLossDB(_ signal: (left: [Float], right: [Float])) -> Double {
        var stereo = 0.0, mono = 0.0
        for (l, r) in zip(signal.left, signal.right) {
            stereo += Double(l * l + r * r) * 0.5
            let m = Double(l + r) * 0.5
            mono += m * m
        }
        return 10 * log10(stereo / max(mono, 1e-30))
    }

    /// Pearson correlation of the left and right channels.
    static func channelCorrelation(_ signal: (left: [Float], right: [Float])) -> Double {
        var lr = 0.0, ll = 0.0, rr = 0.0
        for (l, r) in zip(signal.left, signal.right) {
            lr += Double(l * r); ll += Double(l * l); rr += Double(r * r)
        }
        return lr / max((ll * rr).squareRoot(), 1e-30)
    }
}
