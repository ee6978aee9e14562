import Foundation

/// Where a track came from: a recipe, an API generation job, or a promoted focus segment.
public enum TrackSource: Sendable, Equatable {
    case recipe(file: String, name: String)
    case generation(jobID: String)
    case focusSegment(sessionID: String, index: Int)
}

/// One rendered file of a track: the mix in one format, or one stem.
public struct TrackFile: Sendable, Equatable {
    public enum Role: String, Sendable { case mix, stem }
    public var role: Role
    /// The stem's name (`drums`, …); nil for the mix.
    public var stem: String?
    public var format: AudioFormat
    /// Relative to the render cache directory (`.studio/renders/` unless configured), so that
    /// the state and the cache can move.
    public var path: String
    public var sizeBytes: Int

    public init(role: Role, stem: String?, format: AudioFormat, path: String, sizeBytes: Int) {
        self.role = role
        self.stem = stem
        self.format = format
        self.path = path
        self.sizeBytes = sizeBytes
    }
}

/// A finished piece of music, with everything measured at render time and the licence it was
/// made under, which never changes afterwards (CONTRACT §7).
public struct Track: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    /// The user who made it (nil for recipe tracks of an organization without an owner yet).
    public var creatorID: String?
    public var title: String
    public var engineKey: String
    public var engineVersion: String
    public var prompt: String
    public var durationSeconds: Double
    public var bpm: Double
    public var key: String
    public var seed: UInt64
    public var source: TrackSource
    public var licence: LicenceTerms
    /// The format of the primary mix (the first of the requested audio formats).
    public var format: AudioFormat
    public var sampleRate: Int
    public var channels: Int
    public var loudnessLUFS: Double
    public var truePeakDBTP: Double
    /// Max-abs peaks of the mix, 0…1, for drawing its waveform.
    public var peaks: [Float]
    public var files: [TrackFile]
    /// Hash of everything that determines the audio (engine version included): equal hashes
    /// mean the same audio, so an unchanged recipe renders nothing.
    public var inputHash: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, organizationID: String, creatorID: String?, title: String, engineKey: String,
                engineVersion: String, prompt: String, durationSeconds: Double, bpm: Double, key: String, seed: UInt64,
                source: TrackSource, licence: LicenceTerms, format: AudioFormat, sampleRate: Int, channels: Int,
                loudnessLUFS: Double, truePeakDBTP: Double, peaks: [Float], files: [TrackFile], inputHash: String,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.creatorID = creatorID
        self.title = title
        self.engineKey = engineKey
        self.engineVersion = engineVersion
        self.prompt = prompt
        self.durationSeconds = durationSeconds
        self.bpm = bpm
        self.key = key
        self.seed = seed
        self.source = source
        self.licence = licence
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        self.loudnessLUFS = loudnessLUFS
        self.truePeakDBTP = truePeakDBTP
        self.peaks = peaks
        self.files = files
        self.inputHash = inputHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The primary mix file: always audio (a track's `mid` file is its score, listed beside).
    public var mix: TrackFile? {
        files.first { $0.role == .mix && $0.format == format && $0.format.isAudio }
            ?? files.first { $0.role == .mix && $0.format.isAudio }
    }
    /// The score as a Standard MIDI File, when the track was asked for in `mid` too.
    public var score: TrackFile? { files.first { $0.role == .mix && $0.format == .mid } }
    public var stems: [TrackFile] { files.filter { $0.role == .stem } }
    /// Bytes of every file of the track, as usage and storage figures count them.
    public var sizeBytes: Int { files.reduce(0) { $0 + $1.sizeBytes } }
}
