/// The overview a track page draws: the loudest sample in each of a fixed number of slices.
///
/// Computed while a track is rendered, so it streams: frames arrive in blocks of any size and
/// land in the bucket their position says, which makes the result independent of block size.
/// Frame i belongs to bucket ⌊i · buckets / totalFrames⌋, so buckets differ in length by at most
/// one frame and the last bucket ends exactly at the last frame. Peaks rather than RMS, because
/// a waveform view should show where clipping risk is, and both channels share one bucket because
/// the overview is drawn once per track.
public struct WaveformPeaks: Sendable {
    public let totalFrames: Int
    public let bucketCount: Int
    private var values: [Float]
    private var framesSeen = 0

    public init(totalFrames: Int, buckets: Int) {
        precondition(totalFrames >= 0 && buckets > 0, "need a frame count and at least one bucket")
        self.totalFrames = totalFrames
        bucketCount = buckets
        values = [Float](repeating: 0, count: buckets)
    }

    /// Frames beyond `totalFrames` (a render that ran long) are folded into the last bucket rather
    /// than dropped, so a late clip still shows.
    public mutating func add(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) {
        var done = 0
        while done < frames {
            let bucket = bucketIndex(ofFrame: framesSeen)
            // Frames up to the start of the next bucket all land in this one.
            let bucketEnd = bucket == bucketCount - 1 ? Int.max : firstFrame(ofBucket: bucket + 1)
            let run = min(frames - done, bucketEnd - framesSeen)
            var peak = values[bucket]
            for index in done..<(done + run) {
                peak = max(peak, abs(left[index]), abs(right[index]))
            }
            values[bucket] = peak
            done += run
            framesSeen += run
        }
    }

    /// Max |sample| per bucket, clamped to 0 … 1 (an over still draws as full height).
    public var peaks: [Float] { values.map { min(1, $0) } }

    private func bucketIndex(ofFrame frame: Int) -> Int {
        guard totalFrames > 0 else { return bucketCount - 1 }
        return min(bucketCount - 1, frame * bucketCount / totalFrames)
    }

    /// Smallest frame f with ⌊f · buckets / total⌋ ≥ bucket, i.e. ⌈bucket · total / buckets⌉.
    private func firstFrame(ofBucket bucket: Int) -> Int {
        (bucket * totalFrames + bucketCount - 1) / bucketCount
    }
}
