import Foundation

/// A parsed Standard MIDI File: its header and its tracks, nothing interpreted yet.
///
/// Formats 0 (one track) and 1 (simultaneous tracks sharing one tempo map) are read; format 2
/// (independent sequences) has no single timeline to play, so it is refused by name.
public struct MIDIFile: Sendable, Equatable {
    /// How ticks relate to time, from the header's division word.
    public enum Division: Sendable, Equatable {
        /// Ticks per quarter note; seconds then depend on the tempo map.
        case ticksPerQuarter(Int)
        /// SMPTE time code: frames per second (24, 25, 29.97 or 30) and ticks per frame; tempo
        /// events do not change the length of a tick.
        case smpte(framesPerSecond: Double, ticksPerFrame: Int)
    }

    public var format: Int
    public var division: Division
    public var tracks: [MIDITrack]

    public init(format: Int, division: Division, tracks: [MIDITrack]) {
        self.format = format
        self.division = division
        self.tracks = tracks
    }

    /// Reads a file from disk; a read failure and a malformed file both throw.
    public static func read(contentsOf url: URL) throws -> MIDIFile {
        try MIDIParser.parse([UInt8](Data(contentsOf: url)))
    }

    /// The first track name in the file (conventionally the song's title in track 0).
    public var title: String? { tracks.lazy.compactMap(\.name).first { !$0.isEmpty } }

    /// The tempo map of the whole file, collected from every track.
    public var tempoMap: TempoMap { TempoMap(division: division, tracks: tracks) }

    /// Every track's events merged into one list in time order, with seconds.
    public var timeline: MIDITimeline { MIDITimeline(file: self) }
}
