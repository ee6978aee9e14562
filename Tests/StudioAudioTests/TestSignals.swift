import Foundation
import StudioCore
@testable import StudioAudio

/// Deterministic test material, synthesised rather than shipped so every case documents itself.
enum TestSignals {
    /// A sine of `frames` samples; phase in radians at frame 0.
    static func sine(frequency: Double, amplitude: Double, frames: Int, sampleRate: Double,
                     phase: Double = 0, startFrame: Int = 0) -> [Float] {
        let step = 2 * Double.pi * frequency / sampleRate
        return (0..<frames).map { Float(amplitude * sin(phase + step * Double(startFrame + $0))) }
    }

    /// Feeds a stereo sine (same in both channels) to a meter in 100 ms-ish chunks, so long
    /// programmes never sit in memory.
    static func feedSine(to meter: inout LoudnessMeter, frequency: Double, dBFS: Double,
                         seconds: Double, startFrame: inout Int) {
        let sampleRate = meter.sampleRate
        let total = Int((seconds * sampleRate).rounded())
        let chunk = 4096
        var done = 0
        while done < total {
            let count = min(chunk, total - done)
            let block = sine(frequency: frequency, amplitude: Decibels.toAmplitude(dBFS), frames: count,
                             sampleRate: sampleRate, startFrame: startFrame)
            block.withUnsafeBufferPointer { samples in
                meter.process(left: samples.baseAddress!, right: samples.baseAddress!, frames: count)
            }
            startFrame += count
            done += count
        }
    }

    static func truePeak(of samples: [Float]) -> Float {
        var detector = TruePeakDetector()
        return samples.withUnsafeBufferPointer { detector.process($0.baseAddress!, frames: $0.count) }
    }
}
