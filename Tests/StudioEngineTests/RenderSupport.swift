import Foundation
import StudioAudio
import StudioCore
@testable import StudioEngine

/// Renders a request to a temporary file and reads it back, for tests that listen to the result.
struct RenderedAudio: StereoSignal {
    let left: [Float]
    let right: [Float]
    let report: RenderReport
    let url: URL

    static func render(_ request: RenderRequest, format: AudioFormat = .wavFloat, threads: Int = 2,
                       keepFile: Bool = false) throws -> RenderedAudio {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("studio-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if !keepFile { try? FileManager.default.removeItem(at: directory) } }
        let url = directory.appendingPathComponent("render.\(format.fileExtension)")
        let report = try Renderer().render(request, to: RenderOutput(mix: [(url, format)], date: "2026-01-01"),
                                           options: RenderOptions(threads: threads))
        let reader = try AudioFileReader(url: url)
        let (left, right) = try reader.readAll()
        return RenderedAudio(left: left, right: right, report: report, url: url)
    }

    /// RMS of both channels over [from, to) seconds.
    func rms(from: Double, to: Double, sampleRate: Double = 48_000) -> Double {
        let a = max(0, Int(from * sampleRate)), b = min(left.count, Int(to * sampleRate))
        guard b > a else { return 0 }
        var sum = 0.0
        for i in a..<b { sum += Double(left[i] * left[i] + right[i] * right[i]) }
        return (sum / Double(2 * (b - a))).squareRoot()
    }
}

/// A rendered stereo signal, for helpers shared between render and Focus tests.
protocol StereoSignal {
    var left: [Float] { get }
    var right: [Float] { get }
}

/// Pearson correlation of two equally long signals (mono mixes).
func correlation(_ a: some StereoSignal, _ b: some StereoSignal) -> Double {
    let n = min(a.left.count, b.left.count)
    var sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
    for i in 0..<n {
        let x = Double(a.left[i] + a.right[i]), y = Double(b.left[i] + b.right[i])
        sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y
    }
    let count = Double(n)
    let cov = sab / count - sa / count * sb / count
    let va = saa / count - (sa / count) * (sa / count), vb = sbb / count - (sb / count) * (sb / count)
    return cov / (va * vb).squareRoot()
}
