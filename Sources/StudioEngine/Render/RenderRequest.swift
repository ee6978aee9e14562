import Foundation
import StudioCore

/// What to render: the engine, the prompt, and the parameters that override it.
public struct RenderRequest: Sendable, Equatable {
    public var engineKey: String
    public var prompt: String
    public var durationSeconds: Double
    public var bpm: Double?
    public var key: MusicalKey?
    public var seed: UInt64
    public var title: String?

    public init(engineKey: String, prompt: String, durationSeconds: Double, bpm: Double? = nil,
                key: MusicalKey? = nil, seed: UInt64 = 1, title: String? = nil) {
        self.engineKey = engineKey
        self.prompt = prompt
        self.durationSeconds = durationSeconds
        self.bpm = bpm
        self.key = key
        self.seed = seed
        self.title = title
    }
}

/// Where to write a render and how.
public struct RenderOutput: Sendable {
    /// The mastered mix, in one or more formats.
    public var mix: [(url: URL, format: AudioFormat)]
    /// Stems, written beside the mix when asked for: stem → URL (format from the URL's extension).
    public var stems: [Stem: URL]
    /// The date written into the files' tags; passed in so that renders stay reproducible.
    public var date: String
    public var artist: String
    /// The true-peak limiter on the mix; off only to check that the stems add up to the mix.
    public var limitsMix = true

    public init(mix: [(url: URL, format: AudioFormat)], stems: [Stem: URL] = [:], date: String,
                artist: String = "Music Studio") {
        self.mix = mix
        self.stems = stems
        self.date = date
        self.artist = artist
    }
}

/// How to render: threads and where the temporary spill file goes. Neither changes the audio.
public struct RenderOptions: Sendable {
    public var threads: Int
    public var temporaryDirectory: URL
    public var progress: (@Sendable (Double) -> Void)?
    public var isCancelled: (@Sendable () -> Bool)?

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                temporaryDirectory: URL = FileManager.default.temporaryDirectory,
                progress: (@Sendable (Double) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil) {
        self.threads = threads
        self.temporaryDirectory = temporaryDirectory
        self.progress = progress
        self.isCancelled = isCancelled
    }
}

/// What a render measured and decided: everything a track record needs.
public struct RenderReport: Sendable, Codable {
    public var engineKey: String
    public var engineVersion: String
    public var interpretation: PromptInterpretation
    public var durationSeconds: Double
    public var frames: Int
    public var sampleRate: Int
    public var channels: Int
    public var bpm: Double
    public var key: String
    public var seed: UInt64
    public var loudnessLUFS: Double
    public var truePeakDBTP: Double
    /// Gain applied to reach the loudness target, in dB.
    public var masterGainDB: Double
    /// Gain applied to the stems, in dB: the mix's, or lower when the mix's would clip a stem.
    /// Summing the stems and adding `masterGainDB − stemGainDB` gives the mix before its limiter.
    public var stemGainDB: Double?
    public var stems: [String]
    public var sections: [String]
    public var noteCount: Int
    /// Max-abs peaks of the mix in 200 buckets, 0…1, for drawing a waveform.
    public var peaks: [Float]
    public var licence: LicenceTerms

    enum CodingKeys: String, CodingKey {
        case engineKey = "engine_key", engineVersion = "engine_version", interpretation
        case durationSeconds = "duration_seconds", frames, sampleRate = "sample_rate", channels, bpm, key, seed
        case loudnessLUFS = "loudness_lufs", truePeakDBTP = "true_peak_dbtp", masterGainDB = "master_gain_db", stemGainDB = "stem_gain_db"
        case stems, sections, noteCount = "note_count", peaks, licence
    }
}
