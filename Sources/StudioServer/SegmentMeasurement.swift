import Foundation
import StudioAudio

/// What a promoted focus segment's track record needs to say about its audio: measured from the
/// file itself (loudness, true peak, waveform), never assumed.
struct SegmentMeasurement {
    let loudnessLUFS: Double
    let truePeakDBTP: Double
    let peaks: [Float]

    init(url: URL) throws {
        let reader = try AudioFileReader(url: url)
        let (left, right) = try reader.readAll()
        var meter = LoudnessMeter(sampleRate: Double(reader.sampleRate))
        meter.process(left: left, right: right)
        var waveform = WaveformPeaks(totalFrames: left.count, buckets: 200)
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in waveform.add(left: l.baseAddress!, right: r.baseAddress!, frames: l.count) }
        }
        loudnessLUFS = meter.integratedLoudness
        truePeakDBTP = meter.truePeakDBTP
        peaks = waveform.peaks
    }
}
