import Foundation
import StudioAudio
import StudioCore

/// One file of pass two: the mix (limited) or a stem (gain only, so the stems still add up).
struct MasteringJob: Sendable {
    var url: URL
    var format: AudioFormat
    /// First spill channel (left); right is the next one.
    var channel: Int
    /// Whether this file is the mix, which is measured for the report.
    var isMix: Bool
    var limited: Bool
    var stem: Stem?
    var gain: Float
}

/// What pass two measured on one written file.
struct MasteredFile: Sendable {
    var isMix: Bool
    var loudness: Double
    var truePeakDBTP: Double
    var peaks: [Float]
}

/// Everything pass two needs, shared read-only by the encoding threads.
struct MasteringContext: @unchecked Sendable {
    // @unchecked: SpillFile is only read here, with pread, which is thread-safe.
    let spill: SpillFile
    let totalFrames: Int
    let sampleRate: Double
    let metadata: ScoreMetadata
    let output: RenderOutput
    let seed: UInt64
    /// What a player will do to the level (`Score.heardGain`); empty for most pieces.
    var heardGain: [GainPoint] = []
    /// Checked once per block, so that a cancelled job stops in milliseconds in this pass too.
    var isCancelled: @Sendable () -> Bool = { false }

    func master(_ job: MasteringJob) throws -> MasteredFile {
        let frames = spill.blockFrames
        let left = UnsafeMutablePointer<Float>.allocate(capacity: frames)
        let right = UnsafeMutablePointer<Float>.allocate(capacity: frames)
        defer {
            left.deallocate()
            right.deallocate()
        }
        let title = metadata.title, licence = metadata.licence
        let stemTitle = job.stem.map { "\(title) (\($0.rawValue) stem)" } ?? title
        let tags = AudioMetadata(
            title: stemTitle, artist: output.artist, album: nil, comment: licence.summary,
            copyright: licence.attribution, licence: licence.licenceClass.rawValue,
            software: metadata.software, date: output.date, genre: nil)
        let writer = try AudioFileWriter(url: job.url, format: job.format, sampleRate: Int(sampleRate), metadata: tags,
                                         ditherSeed: seed &+ UInt64(job.channel))
        var limiter = TruePeakLimiter(sampleRate: sampleRate, ceilingDBTP: Renderer.ceilingDBTP)
        var meter = LoudnessMeter(sampleRate: sampleRate)
        var peaks = WaveformPeaks(totalFrames: totalFrames, buckets: 200)
        // The limiter delays by its look-ahead: drop that many frames at the start, flush them at the end.
        let gain = job.gain
        var skip = job.limited ? limiter.latencyFrames : 0
        var remaining = totalFrames
        var block = 0
        // The ceiling, frame by frame, as a fraction of the limiter's: what the player lets
        // through must stay under the ceiling, and the file's own samples under the file ceiling.
        var heard = GainCurve(heardGain)
        let fileFloor = Float(Decibels.toAmplitude(Renderer.ceilingDBTP - Renderer.fileCeilingDBTP))
        let scale: UnsafeMutablePointer<Float>? = heardGain.isEmpty || !job.limited ? nil : .allocate(capacity: frames)
        defer { scale?.deallocate() }
        func emit(_ count: Int) throws {
            guard count > 0 else { return }
            let dropped = min(skip, count)
            skip -= dropped
            let usable = count - dropped
            guard usable > 0 else { return }
            if job.isMix {
                // Only the mix is measured for the report; stems are not worth the cost.
                meter.process(left: left + dropped, right: right + dropped, frames: usable)
                peaks.add(left: left + dropped, right: right + dropped, frames: usable)
            }
            try writer.write(left: left + dropped, right: right + dropped, frames: usable)
        }
        while remaining > 0 {
            if isCancelled() { throw RenderError.cancelled }
            let count = min(frames, remaining)
            try spill.read(block: block, channel: job.channel, into: left)
            try spill.read(block: block, channel: job.channel + 1, into: right)
            for i in 0..<count {
                left[i] *= gain
                right[i] *= gain
            }
            if let scale {
                for i in 0..<count {
                    let t = Double(block * frames + i) / sampleRate
                    scale[i] = 1 / max(heard.gain(at: t), fileFloor)
                }
            }
            if job.limited { limiter.process(left: left, right: right, frames: count, ceilingScale: scale.map { UnsafePointer($0) }) }
            try emit(count)
            remaining -= count
            block += 1
        }
        if job.limited {
            var tail = limiter.latencyFrames
            while tail > 0 {
                let count = min(frames, tail)
                left.update(repeating: 0, count: count)
                right.update(repeating: 0, count: count)
                limiter.process(left: left, right: right, frames: count)
                try emit(count)
                tail -= count
            }
        }
        try writer.close()
        return MasteredFile(isMix: job.isMix, loudness: meter.integratedLoudness, truePeakDBTP: meter.truePeakDBTP,
                            peaks: peaks.peaks)
    }
}

/// Collects the results of the encoding threads; the first error wins.
final class MasteringResults: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var results: [Result<MasteredFile, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<MasteredFile, any Error>) {
        lock.withLock { results[index] = result }
    }

    var fractionDone: Double {
        lock.withLock { Double(results.compactMap { $0 }.count) / Double(max(1, results.count)) }
    }

    func all() throws -> [MasteredFile] {
        try lock.withLock { try results.map { try $0!.get() } }
    }
}
