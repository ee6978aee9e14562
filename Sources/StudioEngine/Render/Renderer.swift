import Foundation
import StudioAudio
import StudioCore

/// Renders a request to finished files: interpret → compose → play (pass one) → master and
/// encode (pass two).
///
/// Pass two reads the spilled mix back, applies one gain to reach −14 LUFS integrated and a
/// true-peak limiter at −1.5 dBTP, and encodes every requested file in parallel.
public struct Renderer: Sendable {
    public static let targetLoudness = -14.0
    public static let ceilingDBTP = -1.5
    /// The highest true peak a file may hold when what is heard of it is limited instead
    /// (`Score.heardGain`): under full scale, so that no decoder clips.
    public static let fileCeilingDBTP = -0.1
    /// Highest sample peak a stem may have, so that 16-bit stems never clip.
    public static let stemCeilingDB = -0.5

    public init() {}

    public func render(_ request: RenderRequest, to output: RenderOutput, options: RenderOptions = RenderOptions()) throws -> RenderReport {
        let (descriptor, interpretation, score, metadata) = try compose(request)
        // The score as MIDI first: it costs milliseconds and needs nothing from the audio.
        var audio = output
        audio.mix = output.mix.filter(\.format.isAudio)
        for target in output.mix where !target.format.isAudio {
            try Self.writeMIDI(score: score, metadata: metadata, to: target.url)
        }
        guard !audio.mix.isEmpty || !audio.stems.isEmpty else {
            throw RenderError.io("no audio format among \(output.mix.map(\.format.rawValue).joined(separator: ", ")): "
                                 + "a render measures its audio, so it needs one (use exportMIDI for the score alone)")
        }
        let result = try render(score: score, sampleRate: Double(descriptor.sampleRate), metadata: metadata,
                                seed: request.seed, to: audio, options: options)
        return RenderReport(
            engineKey: descriptor.engineKey, engineVersion: descriptor.version, interpretation: interpretation,
            durationSeconds: result.durationSeconds, frames: result.frames, sampleRate: descriptor.sampleRate,
            channels: 2, bpm: score.tempo, key: score.key.description, seed: request.seed,
            loudnessLUFS: result.loudnessLUFS, truePeakDBTP: result.truePeakDBTP, masterGainDB: result.masterGainDB,
            stemGainDB: result.stemGainDB, stems: result.stems,
            sections: score.form.sections.map { "\($0.kind.rawValue)×\($0.bars)" }, noteCount: score.noteCount,
            peaks: result.peaks, licence: descriptor.licence)
    }

    /// Checks the request against its engine, interprets and composes it: everything before
    /// the first sample, shared by rendering and by exporting the score alone.
    func compose(_ request: RenderRequest) throws -> (EngineDescriptor, PromptInterpretation, Score, ScoreMetadata) {
        let engine = try EngineCatalogue.engine(request.engineKey)
        let descriptor = engine.descriptor
        guard descriptor.enabled else {
            throw RenderError.engineDisabled(descriptor.engineKey, reason: descriptor.disabledReason ?? "no reason given")
        }
        guard request.durationSeconds >= 1, request.durationSeconds <= Double(descriptor.maxDurationSeconds) else {
            throw RenderError.invalidDuration(request.durationSeconds, max: descriptor.maxDurationSeconds)
        }
        let interpretation = engine.interpret(request)
        let score = engine.compose(interpretation, request.durationSeconds, request.seed)
        let metadata = ScoreMetadata(
            title: request.title ?? Self.defaultTitle(for: interpretation, engine: descriptor), licence: descriptor.licence,
            software: "Music Studio \(descriptor.engineKey) \(descriptor.version)")
        return (descriptor, interpretation, score, metadata)
    }

    /// Plays any score and masters it: the engines' path from their composed score on, and the
    /// whole path for a score that no engine composed (a MIDI file). `seed` only seeds the dither.
    public func render(score: Score, sampleRate: Double, metadata: ScoreMetadata, mastering: MasteringMode = .normalised,
                       seed: UInt64, to output: RenderOutput, options: RenderOptions = RenderOptions()) throws -> ScoreRenderResult {
        let dry = mastering == .dry
        // Pass one: play, meter, spill.
        let bus = MixBus(score: score, sampleRate: sampleRate, threads: options.threads, writesStems: !output.stems.isEmpty,
                         dry: dry)
        let spillChannels = output.stems.isEmpty ? 2 : bus.channelCount
        let spill = try SpillFile(directory: options.temporaryDirectory, channels: spillChannels, blockFrames: MixBus.blockFrames)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: spillChannels * MixBus.blockFrames)
        defer { scratch.deallocate() }
        var meter = LoudnessMeter(sampleRate: sampleRate, measuresTruePeak: false)
        let reference = score.loudnessReference.map {
            Int(($0.lowerBound * sampleRate).rounded())..<Int(($0.upperBound * sampleRate).rounded())
        }
        var referenceMeter = reference.isEmpty ? nil : LoudnessMeter(sampleRate: sampleRate, measuresTruePeak: false)
        var position = 0
        let planes = (0..<spillChannels).map { UnsafePointer(bus.plane($0)) }
        let cancelled = options.isCancelled ?? { false }
        var stemPeak: Float = 0
        try bus.run(isCancelled: cancelled, progress: { options.progress?($0 * 0.7) }) { frames in
            meter.process(left: bus.plane(0), right: bus.plane(1), frames: frames)
            for range in reference {
                let overlap = range.clamped(to: position..<(position + frames))
                guard !overlap.isEmpty else { continue }
                let offset = overlap.lowerBound - position
                referenceMeter?.process(left: bus.plane(0) + offset, right: bus.plane(1) + offset, frames: overlap.count)
            }
            position += frames
            for channel in 2..<spillChannels {
                let plane = bus.plane(channel)
                for i in 0..<frames { stemPeak = max(stemPeak, abs(plane[i])) }
            }
            try spill.append(planes, frames: frames, scratch: scratch)
        }

        let measured = referenceMeter?.integratedLoudness ?? meter.integratedLoudness
        var gainDB = measured.isFinite && !dry ? Self.targetLoudness - measured : 0

        // Pass two: every output file reads the spill on its own thread.
        var context = MasteringContext(spill: spill, totalFrames: bus.totalFrames, sampleRate: sampleRate,
                                       metadata: metadata, output: output, seed: seed)
        context.isCancelled = cancelled
        context.heardGain = score.heardGain
        var finished: [MasteredFile] = []
        var stemGainDB: Double?
        // The limiter takes a little loudness off the loudest pieces; when it took more than
        // 0.5 LU, master again with the difference added (at most twice, it converges fast).
        for attempt in 0..<3 {
            var jobs = output.mix.map {
                MasteringJob(url: $0.url, format: $0.format, channel: 0, isMix: true, limited: output.limitsMix && !dry,
                             stem: nil, gain: Float(Decibels.toAmplitude(gainDB)))
            }
            // Stems get the mix's gain, lowered together only as far as needed to keep every
            // stem below full scale; the report says by how much.
            let stemDB = min(gainDB, Self.stemCeilingDB - Decibels.fromAmplitude(Double(stemPeak)))
            for (stem, url) in output.stems.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard let index = bus.stems.firstIndex(of: stem) else { continue }
                stemGainDB = stemDB
                jobs.append(MasteringJob(url: url, format: AudioFormat(fileName: url.lastPathComponent) ?? .flac,
                                         channel: 2 + index * 2, isMix: false, limited: false, stem: stem,
                                         gain: Float(Decibels.toAmplitude(stemDB))))
            }
            finished = try master(jobs, context: context, threads: options.threads) { done in
                options.progress?(0.7 + 0.3 * done)
            }
            // A reference stretch is normalised as measured: the whole piece is not meant to be at the target.
            if attempt == 2 || dry || referenceMeter != nil { break }
            guard let mix = finished.first(where: { $0.isMix }), mix.loudness.isFinite else { break }
            let shortfall = Self.targetLoudness - mix.loudness
            guard abs(shortfall) > 0.5 else { break }
            gainDB += shortfall
        }
        let mixMeasure = finished.first(where: { $0.isMix })
        return ScoreRenderResult(
            frames: bus.totalFrames, sampleRate: Int(sampleRate),
            loudnessLUFS: mixMeasure?.loudness ?? measured + gainDB, truePeakDBTP: mixMeasure?.truePeakDBTP ?? -.infinity,
            masterGainDB: gainDB, stemGainDB: stemGainDB, stems: output.stems.isEmpty ? [] : bus.stems.map(\.rawValue),
            peaks: mixMeasure?.peaks ?? [])
    }

    /// Encodes every job, in parallel when allowed; the first error wins.
    private func master(_ jobs: [MasteringJob], context: MasteringContext, threads: Int,
                        progress: @escaping @Sendable (Double) -> Void) throws -> [MasteredFile] {
        let results = MasteringResults(count: jobs.count)
        let work: @Sendable (Int) -> Void = { index in
            results.store(index, Result { try context.master(jobs[index]) })
            progress(results.fractionDone)
        }
        if threads > 1 && jobs.count > 1 {
            DispatchQueue.concurrentPerform(iterations: jobs.count, execute: work)
        } else {
            for index in jobs.indices { work(index) }
        }
        return try results.all()
    }

    static func defaultTitle(for interpretation: PromptInterpretation, engine: EngineDescriptor) -> String {
        let mood = interpretation.moods.first.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "Untitled"
        return "\(mood) in \(interpretation.key)"
    }
}
