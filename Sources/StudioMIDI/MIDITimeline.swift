/// Every event of a file on one clock: merged across tracks in time order, with seconds.
///
/// Events at the same tick keep the order of their tracks and, within a track, of the file,
/// so a note-off written before a note-on of the same key at the same tick stays before it.
public struct MIDITimeline: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public var seconds: Double
        public var tick: Int
        public var track: Int
        public var event: MIDIEvent
    }

    public var events: [Event]
    /// Seconds at the end of the longest track (its end-of-track event), not counting release tails.
    public var duration: Double

    public init(file: MIDIFile) {
        let map = file.tempoMap
        var merged: [(order: Int, event: Event)] = []
        var order = 0
        for (index, track) in file.tracks.enumerated() {
            for item in track.events {
                merged.append((order, Event(seconds: map.seconds(atTick: item.tick), tick: item.tick, track: index,
                                            event: item.event)))
                order += 1
            }
        }
        merged.sort { ($0.event.tick, $0.order) < ($1.event.tick, $1.order) }
        events = merged.map(\.event)
        duration = map.seconds(atTick: file.tracks.map(\.endTick).max() ?? 0)
    }
}
