/// One event of a Standard MIDI File track, decoded.
///
/// Channel messages keep their channel (0…15) so that a player can keep per-channel state;
/// a note-on with velocity 0 is already turned into `.noteOff` here, because the file format
/// allows both spellings of a release and no consumer should have to know that.
public enum MIDIEvent: Sendable, Equatable {
    case noteOn(channel: Int, key: Int, velocity: Int)
    case noteOff(channel: Int, key: Int, velocity: Int)
    case polyPressure(channel: Int, key: Int, pressure: Int)
    case controlChange(channel: Int, controller: Int, value: Int)
    case programChange(channel: Int, program: Int)
    case channelPressure(channel: Int, pressure: Int)
    /// 14-bit value, 0…16383; 8192 is the centre (no bend).
    case pitchBend(channel: Int, value: Int)
    /// Meta event 0x51: microseconds per quarter note from this tick on.
    case tempo(microsecondsPerQuarter: Int)
    /// Any other meta event (names, time and key signatures, markers) except end-of-track,
    /// which ends the track and is not stored.
    case meta(type: Int, data: [UInt8])

    /// The channel of a channel message; nil for meta events.
    public var channel: Int? {
        switch self {
        case .noteOn(let c, _, _), .noteOff(let c, _, _), .polyPressure(let c, _, _), .controlChange(let c, _, _),
             .programChange(let c, _), .channelPressure(let c, _), .pitchBend(let c, _):
            c
        case .tempo, .meta:
            nil
        }
    }
}

/// An event at its position in its track, in ticks from the start of the track.
public struct MIDITrackEvent: Sendable, Equatable {
    public var tick: Int
    public var event: MIDIEvent

    public init(tick: Int, event: MIDIEvent) {
        self.tick = tick
        self.event = event
    }
}

/// One `MTrk` chunk: its events in file order, with absolute ticks.
public struct MIDITrack: Sendable, Equatable {
    public var events: [MIDITrackEvent]
    /// The tick of the end-of-track event (or of the last event, if the track lacks one):
    /// a track may end in silence after its last note, and that silence is part of the music.
    public var endTick: Int

    public init(events: [MIDITrackEvent], endTick: Int? = nil) {
        self.events = events
        self.endTick = endTick ?? events.last?.tick ?? 0
    }

    /// The sequence/track name (meta 0x03), if the track has one.
    public var name: String? {
        for item in events {
            if case .meta(0x03, let data) = item.event {
                return String(decoding: data, as: UTF8.self)
            }
        }
        return nil
    }
}
