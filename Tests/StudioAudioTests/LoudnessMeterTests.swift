import Foundation
import StudioCore
import Testing
@testable import StudioAudio

/// EBU Tech 3341 minimum-requirement cases, synthesised here.
@Suite struct LoudnessMeterTests {
    static func integrated(sampleRate: Double = 48_000,
                           programme: [(dBFS: Double, seconds: Double)]) -> LoudnessMeter {
        var meter = LoudnessMeter(sampleRate: sampleRate)
        var frame = 0
        for part in programme {
            TestSignals.feedSine(to: &meter, frequency: 1000, dBFS: part.dBFS, seconds: part.seconds,
                                 startFrame: &frame)
        }
        return meter
    }

    @Test func case1SineAtMinus23() {
        let lufs = Self.integrated(programme: [(-23, 20)]).integratedLoudness
        print("Tech 3341 case 1: \(lufs) LUFS")
        #expect(abs(lufs - -23) <= 0.1)
    }

    @Test func case2SineAtMinus33() {
        let lufs = Self.integrated(programme: [(-33, 20)]).integratedLoudness
        print("Tech 3341 case 2: \(lufs) LUFS")
        #expect(abs(lufs - -33) <= 0.1)
    }

    /// The quiet −36 dBFS ends sit more than 10 LU under the ungated mean: the relative gate drops them.
    @Test func case3RelativeGate() {
        let lufs = Self.integrated(programme: [(-36, 10), (-23, 60), (-36, 10)]).integratedLoudness
        print("Tech 3341 case 3: \(lufs) LUFS")
        #expect(abs(lufs - -23) <= 0.1)
    }

    /// Case 4 of Tech 3341 with the −72 dBFS stretches that only the absolute gate removes
    /// (the relative gate alone would too, so a second check below isolates the absolute gate).
    @Test func case4AbsoluteGate() {
        let lufs = Self.integrated(programme: [(-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)])
            .integratedLoudness
        print("Tech 3341 case 4: \(lufs) LUFS")
        #expect(abs(lufs - -23) <= 0.1)
    }

    /// A programme made only of −72 dBFS tone has no block above −70 LUFS: nothing survives the
    /// absolute gate and the meter reports −∞; −69 dBFS alone does survive.
    @Test func absoluteGateAlone() {
        #expect(Self.integrated(programme: [(-72, 2)]).integratedLoudness == -.infinity)
        let justAbove = Self.integrated(programme: [(-69, 2)]).integratedLoudness
        #expect(abs(justAbove - -69) <= 0.1)
        #expect(LoudnessMeter(sampleRate: 48_000).integratedLoudness == -.infinity)
    }

    @Test func sineAt44100() {
        let lufs = Self.integrated(sampleRate: 44_100, programme: [(-23, 20)]).integratedLoudness
        print("44.1 kHz, −23 dBFS 1 kHz: \(lufs) LUFS")
        #expect(abs(lufs - -23) <= 0.1)
    }

    /// ITU-R BS.1770-4 Tables 1 and 2.
    @Test func kWeightingReproducesPublishedCoefficients() {
        let shelf = KWeighting.preFilter(sampleRate: 48_000)
        let highPass = KWeighting.highPass(sampleRate: 48_000)
        let publishedShelf = [1.53512485958697, -2.69169618940638, 1.19839281085285,
                              -1.69065929318241, 0.73248077421585]
        let publishedHighPass = [1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621]
        for (ours, theirs) in zip([shelf.b0, shelf.b1, shelf.b2, shelf.a1, shelf.a2], publishedShelf) {
            #expect(abs(ours - theirs) < 1e-6)
        }
        for (ours, theirs) in zip([highPass.b0, highPass.b1, highPass.b2, highPass.a1, highPass.a2],
                                  publishedHighPass) {
            #expect(abs(ours - theirs) < 1e-6)
        }
    }

    @Test func peaksAreReported() {
        let meter = Self.integrated(programme: [(-6, 1)])
        #expect(abs(Decibels.fromAmplitude(meter.samplePeak) - -6) < 0.01)
        #expect(abs(meter.truePeakDBTP - -6) < 0.2)
    }

    /// Readings depend on the stream, not on how it is cut into blocks: every reading is equal,
    /// not merely close.
    @Test func blockSizesDoNotChangeReadings() {
        var random = SeededRandom(seed: 3)
        let frames = 60_000
        let left = (0..<frames).map { Float(0.4 * sin(Double($0) * 0.05) + random.uniform(-0.2...0.2)) }
        let right = (0..<frames).map { Float(0.3 * sin(Double($0) * 0.31) + random.uniform(-0.3...0.3)) }
        func measured(_ sizes: [Int], truePeak: Bool = true) -> LoudnessMeter {
            var meter = LoudnessMeter(sampleRate: 48_000, measuresTruePeak: truePeak)
            left.withUnsafeBufferPointer { l in
                right.withUnsafeBufferPointer { r in
                    var start = 0
                    var which = 0
                    while start < frames {
                        let size = min(sizes[which % sizes.count], frames - start)
                        meter.process(left: l.baseAddress! + start, right: r.baseAddress! + start, frames: size)
                        start += size
                        which += 1
                    }
                }
            }
            return meter
        }
        let reference = measured([frames])
        #expect(reference.integratedLoudness.isFinite)
        for sizes in [[1], [3], [4_096], [7, 4_799, 4_800, 4_801, 1]] {
            let other = measured(sizes)
            #expect(other.integratedLoudness == reference.integratedLoudness, "block sizes \(sizes)")
            #expect(other.truePeak == reference.truePeak, "block sizes \(sizes)")
            #expect(other.samplePeak == reference.samplePeak, "block sizes \(sizes)")
        }
        let loudnessOnly = measured([1_000], truePeak: false)
        #expect(loudnessOnly.integratedLoudness == reference.integratedLoudness)
        #expect(loudnessOnly.samplePeak == reference.samplePeak)
        #expect(loudnessOnly.truePeak == 0)
    }

    /// The stereo direct-form-I chain is the two published sections of `Biquad`, to rounding.
    @Test func stereoWeightingMatchesBiquadCascade() {
        for sampleRate in [44_100.0, 48_000, 96_000] {
            var random = SeededRandom(seed: 8)
            let frames = 20_000
            let left = (0..<frames).map { _ in Float(random.uniform(-1...1)) }
            let right = (0..<frames).map { Float(0.5 * sin(Double($0) * 0.002)) }
            var stereo = StereoKWeighting(sampleRate: sampleRate)
            var energies = SIMD2<Double>()
            left.withUnsafeBufferPointer { l in
                right.withUnsafeBufferPointer { r in
                    stereo.accumulateEnergy(left: l.baseAddress!, right: r.baseAddress!, frames: frames, into: &energies)
                }
            }
            for (channel, samples) in [left, right].enumerated() {
                var (shelf, highPass) = (KWeighting.preFilter(sampleRate: sampleRate),
                                         KWeighting.highPass(sampleRate: sampleRate))
                let energy = samples.reduce(0.0) { sum, x in
                    let y = highPass.process(shelf.process(Double(x)))
                    return sum + y * y
                }
                #expect(abs(energies[channel] / energy - 1) < 1e-10, "\(sampleRate) Hz, channel \(channel)")
            }
        }
    }
}

