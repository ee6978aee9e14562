/// Ticks to seconds through every tempo change.
///
/// A tempo event in any track changes the tempo for all of them (format 1 keeps the map in
/// track 0 by convention, but a file that puts it elsewhere still plays in time). Seconds are
/// summed segment by segment from exact tick counts, so no error accumulates per event.
public struct TempoMap: Sendable, Equatable {
    /// A stretch of constant tempo from `tick` on, starting at `seconds`.
    public struct Segment: Sendable, Equatable {
        public var tick: Int
        public var seconds: Double
        public var secondsPerTick: Double
    }

    public private(set) var segments: [Segment]

    /// 500 000 µs per quarter (120 bpm) until the first tempo event, as the SMF spec says.
    public static let defaultMicrosecondsPerQuarter = 500_000

    public init(division: MIDIFile.Division, tracks: [MIDITrack]) {
        switch division {
        case .smpte(let fps, let ticksPerFrame):
            segments = [Segment(tick: 0, seconds: 0, secondsPerTick: 1 / (fps * Double(ticksPerFrame)))]
        case .ticksPerQuarter(let ppq):
            var changes: [(tick: Int, micros: Int)] = []
            for track in tracks {
                for item in track.events {
                    if case .tempo(let micros) = item.event { changes.append((item.tick, micros)) }
                }
            }
            // Stable by tick: at one tick the last change in track order wins.
            changes = changes.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
                .map(\.element)
            func perTick(_ micros: Int) -> Double { Double(micros) / 1_000_000 / Double(ppq) }
            var list = [Segment(tick: 0, seconds: 0, secondsPerTick: perTick(Self.defaultMicrosecondsPerQuarter))]
            for change in changes {
                let last = list[list.count - 1]
                let seconds = last.seconds + Double(change.tick - last.tick) * last.secondsPerTick
                let segment = Segment(tick: change.tick, seconds: seconds, secondsPerTick: perTick(change.micros))
                if last.tick == change.tick { list[list.count - 1] = segment } else { list.append(segment) }
            }
            segments = list
        }
    }

    /// Seconds from the start of the file to `tick`.
    public func seconds(atTick tick: Int) -> Double {
        // Binary search for the last segment starting at or before `tick`.
        var low = 0, high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].tick <= tick { low = mid } else { high = mid - 1 }
        }
        let segment = segments[low]
        return segment.seconds + Double(tick - segment.tick) * segment.secondsPerTick
    }
}
