import Testing
@testable import StudioAudio

@Suite struct WaveformPeaksTests {
    static func peaks(left: [Float], right: [Float], buckets: Int, blockSizes: [Int]) -> [Float] {
        var waveform = WaveformPeaks(totalFrames: left.count, buckets: buckets)
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                var start = 0
                var which = 0
                while start < l.count {
                    let size = min(blockSizes[which % blockSizes.count], l.count - start)
                    waveform.add(left: l.baseAddress! + start, right: r.baseAddress! + start, frames: size)
                    start += size
                    which += 1
                }
            }
        }
        return waveform.peaks
    }

    /// A rising ramp: each bucket's peak is its last frame's value.
    @Test func rampGivesBucketEnds() {
        let frames = 1000
        let ramp = (0..<frames).map { Float($0) / Float(frames) }
        let silent = [Float](repeating: 0, count: frames)
        let peaks = Self.peaks(left: ramp, right: silent, buckets: 10, blockSizes: [128])
        #expect(peaks == (0..<10).map { Float($0 * 100 + 99) / Float(frames) })
        // Right channel counts too, and negative samples by magnitude.
        let fromRight = Self.peaks(left: silent, right: ramp.map { -$0 }, buckets: 10, blockSizes: [1000])
        #expect(fromRight == peaks)
    }

    /// A sine with a whole number of periods per bucket reads its amplitude in every bucket;
    /// uneven bucket lengths (1000 frames into 7) and odd block sizes give identical results.
    @Test func sineAndBlockSizes() {
        let sine = TestSignals.sine(frequency: 480, amplitude: 0.75, frames: 48_000, sampleRate: 48_000)
        let peaks = Self.peaks(left: sine, right: sine, buckets: 100, blockSizes: [4_800])
        #expect(peaks.allSatisfy { abs($0 - 0.75) < 1e-4 })

        let reference = Self.peaks(left: sine, right: sine, buckets: 7, blockSizes: [48_000])
        for sizes in [[1], [3, 1_000, 17], [333], [47_999, 1]] {
            #expect(Self.peaks(left: sine, right: sine, buckets: 7, blockSizes: sizes) == reference, "\(sizes)")
        }
    }

    @Test func oversIsClampedAndExtraFramesFoldIntoLastBucket() {
        var waveform = WaveformPeaks(totalFrames: 4, buckets: 2)
        let left: [Float] = [0.1, 0.2, 0.3, 0.4, 1.5]
        let right: [Float] = [0, 0, 0, 0, 0]
        waveform.add(left: left, right: right, frames: 5)
        #expect(waveform.peaks == [0.2, 1])
        var moreBucketsThanFrames = WaveformPeaks(totalFrames: 2, buckets: 4)
        moreBucketsThanFrames.add(left: [0.5, 0.25], right: [0, 0], frames: 2)
        #expect(moreBucketsThanFrames.peaks == [0.5, 0, 0.25, 0])
    }
}
