import StudioCore
import StudioMIDI

/// A score as a type-1 Standard MIDI File, exactly as the synthesiser performs it.
///
/// It reads the same `Score` the renderer plays — every note at its humanised start, length
/// and velocity — so the file is the performance, not a re-composition. Track 0 is the
/// conductor: the title, licence, time and key signatures, the tempo map and one marker per
/// section of the form. Then one track per part, named after it, on its own channel (drum kits
/// on channel 10), with its General MIDI program, pan, reverb send and any pitch bend and sustain pedal (CC64).
///
/// Times become ticks through the score's tempo map at `ticksPerQuarter` (960: about half a
/// millisecond at 120 bpm, well inside the humanisation it has to carry). The bytes depend only
/// on the score and the metadata, so the same inputs give the same file.
public enum ScoreMIDIExport {
    public static let ticksPerQuarter = 960
    /// Channel 10, zero-based: General MIDI's percussion channel.
    public static let drumChannel = 9

    public static func file(for score: Score, metadata: ScoreMetadata) -> MIDIFile {
        var conductor = conductorTrack(score, metadata: metadata)
        var tracks: [MIDITrack] = []
        let channels = channelPlan(score.parts)
        for (index, part) in score.parts.enumerated() {
            tracks.append(partTrack(part, channel: channels[index], score: score))
        }
        // Every track ends where the piece ends: the final chord's last release, or the score's
        // duration (which holds the ringing tail), whichever is later.
        let end = max(tick(score.duration, score), tracks.map(\.endTick).max() ?? 0, conductor.endTick)
        conductor.endTick = end
        for index in tracks.indices { tracks[index].endTick = end }
        return MIDIFile(format: 1, division: .ticksPerQuarter(ticksPerQuarter), tracks: [conductor] + tracks)
    }

    /// The tick of `seconds`, through the tempo map.
    static func tick(_ seconds: Double, _ score: Score) -> Int {
        Int((score.beats(atSeconds: max(0, seconds)) * Double(ticksPerQuarter)).rounded())
    }

    static func conductorTrack(_ score: Score, metadata: ScoreMetadata) -> MIDITrack {
        var events = [
            MIDITrackEvent(tick: 0, event: .trackName(metadata.title)),
            MIDITrackEvent(tick: 0, event: .meta(type: 0x02, data: Array(metadata.licence.summary.utf8))),
            MIDITrackEvent(tick: 0, event: .meta(type: 0x01, data: Array(metadata.software.utf8))),
            MIDITrackEvent(tick: 0, event: .timeSignature(score.form.beatsPerBar, score.form.beatUnit)),
            MIDITrackEvent(tick: 0, event: .keySignature(sharps: sharps(of: score.key), minor: score.key.mode == .minor)),
        ]
        for change in score.tempoMap {
            let micros = max(1, min(0xFF_FFFF, Int((60_000_000 / change.bpm).rounded())))
            events.append(MIDITrackEvent(tick: Int((change.beat * Double(ticksPerQuarter)).rounded()),
                                         event: .tempo(microsecondsPerQuarter: micros)))
        }
        for section in score.form.sections {
            let tick = Int((Double(section.startBar) * score.form.quartersPerBar * Double(ticksPerQuarter)).rounded())
            events.append(MIDITrackEvent(tick: tick, event: .marker(section.label ?? section.kind.rawValue)))
        }
        // Stable by tick: the header events stay first, and a section starting where the tempo
        // changes keeps its marker after the change.
        events = events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        return MIDITrack(events: events)
    }

    /// Drum kits on channel 10; every other part on a channel of its own in part order,
    /// skipping 10. Past 15 melodic parts channels are shared round-robin (no engine comes close).
    static func channelPlan(_ parts: [Part]) -> [Int] {
        let melodic = (0..<16).filter { $0 != drumChannel }
        var next = 0
        return parts.map { part in
            if part.instrument.generalMIDI.isPercussion { return drumChannel }
            defer { next += 1 }
            return melodic[next % melodic.count]
        }
    }

    static func partTrack(_ part: Part, channel: Int, score: Score) -> MIDITrack {
        let patch = part.instrument.generalMIDI
        // Pan: −1…1 to 0…127 with 64 the centre, the inverse of the MIDI player's mapping.
        let pan = max(0, min(127, Int((Double(part.pan) * 63).rounded()) + 64))
        // Reverb send: the MIDI player reads CC91 as a send of value/127 × 0.5.
        let reverb = max(0, min(127, Int((Double(part.reverbSend) / 0.5 * 127).rounded())))
        var setup: [MIDIEvent] = [
            .trackName(part.name), .programChange(channel: channel, program: patch.program),
            .controlChange(channel: channel, controller: 10, value: pan),
            .controlChange(channel: channel, controller: 91, value: reverb),
        ]
        var timed: [(tick: Int, order: Int, event: MIDIEvent)] = []
        if let bending = part.instrument as? BendingInstrument {
            let (range, bends) = pitchBends(bending.bend, channel: channel, score: score)
            setup += rpnBendRange(range, channel: channel)
            timed += bends.map { (tick: $0.tick, order: 1, event: $0.event) }
        }
        for down in part.pedal {
            timed.append((tick: tick(down.lowerBound, score), order: 1, event: .controlChange(channel: channel, controller: 64, value: 127)))
            timed.append((tick: tick(down.upperBound, score), order: 1, event: .controlChange(channel: channel, controller: 64, value: 0)))
        }
        timed += notes(part.notes, channel: channel, score: score)
        // At one tick: releases first (so a key struck again is not cut by its own release),
        // then controllers and bends, then new notes; ties keep the order they were made in.
        let sorted = timed.enumerated().sorted {
            ($0.element.tick, $0.element.order, $0.offset) < ($1.element.tick, $1.element.order, $1.offset)
        }.map { MIDITrackEvent(tick: $0.element.tick, event: $0.element.event) }
        return MIDITrack(events: setup.map { MIDITrackEvent(tick: 0, event: $0) } + sorted)
    }

    /// A note-on and a note-off per note. MIDI has one voice per key and channel, so where two
    /// notes of one key overlap the earlier is released where the later starts (as the MIDI
    /// player would end it anyway); a repeat at the very same tick moves one tick later, so
    /// that every note of the score is still a note of the file.
    static func notes(_ notes: [NoteEvent], channel: Int, score: Score) -> [(tick: Int, order: Int, event: MIDIEvent)] {
        struct Placed { var key: Int, on: Int, off: Int, velocity: Int }
        let ordered = notes.sorted { ($0.start, $0.pitch, $0.duration, $0.velocity) < ($1.start, $1.pitch, $1.duration, $1.velocity) }
        var placed: [Placed] = []
        var lastOfKey: [Int: Int] = [:]
        for note in ordered {
            var key = note.pitch
            while key < 0 { key += 12 }
            while key > 127 { key -= 12 }
            var on = tick(note.start, score)
            if let previous = lastOfKey[key] {
                on = max(on, placed[previous].on + 1)
                placed[previous].off = min(placed[previous].off, on)
            }
            let off = max(on + 1, tick(note.start + note.duration, score))
            let velocity = max(1, min(127, Int((Double(note.velocity) * 127).rounded())))
            lastOfKey[key] = placed.count
            placed.append(Placed(key: key, on: on, off: off, velocity: velocity))
        }
        return placed.flatMap { note in
            [(tick: note.on, order: 2, event: MIDIEvent.noteOn(channel: channel, key: note.key, velocity: note.velocity)),
             (tick: note.off, order: 0, event: MIDIEvent.noteOff(channel: channel, key: note.key, velocity: 64))]
        }
    }

    /// A pitch-bend curve (semitones) as bend events, with the bend range it needs (at least
    /// GM's default of 2 semitones, so most files need no range change at all).
    static func pitchBends(_ curve: StepCurve, channel: Int, score: Score) -> (range: Int, events: [(tick: Int, event: MIDIEvent)]) {
        let largest = curve.values.map(abs).max() ?? 0
        let range = max(2, min(24, Int(largest.rounded(.up))))
        let events = zip(curve.times, curve.values).map { time, semitones in
            let value = max(0, min(16383, 8192 + Int((semitones / Double(range) * 8192).rounded())))
            return (tick(time, score), MIDIEvent.pitchBend(channel: channel, value: value))
        }
        return (range, events)
    }

    /// RPN 0 (pitch-bend sensitivity) set to `semitones`, then the null RPN, as GM RP-018 asks.
    static func rpnBendRange(_ semitones: Int, channel: Int) -> [MIDIEvent] {
        guard semitones != 2 else { return [] }
        return [(101, 0), (100, 0), (6, semitones), (38, 0), (101, 127), (100, 127)].map {
            .controlChange(channel: channel, controller: $0.0, value: $0.1)
        }
    }

    /// The key signature's sharps (positive) or flats (negative), spelled as `MusicalKey` names
    /// the key: F major has a flat, E♭ minor six flats, F♯ major six sharps.
    static func sharps(of key: MusicalKey) -> Int {
        let major = key.mode == .major ? key.tonic : (key.tonic + 3) % 12
        let table = [0: 0, 7: 1, 2: 2, 9: 3, 4: 4, 11: 5, 6: 6, 1: -5, 8: -4, 3: -3, 10: -2, 5: -1]
        if major == 6 && key.mode == .minor && key.tonicName == "Eb" { return -6 }
        return table[major] ?? 0
    }
}
