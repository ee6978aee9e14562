import Testing
@testable import StudioMIDI

@Suite struct MIDIParserTests {
    @Test func formatZeroWithRunningStatusAndVelocityZeroNoteOff() throws {
        // Note on C4, then (running status) note on E4, then velocity-0 releases of both.
        let track: [UInt8] = [0x00, 0x90, 60, 100, 0x00, 64, 90, 0x60, 60, 0, 0x00, 64, 0] + SMFBytes.endOfTrack
        let file = try MIDIParser.parse(SMFBytes.file(format: 0, tracks: [track]))
        #expect(file.format == 0)
        #expect(file.division == .ticksPerQuarter(96))
        #expect(file.tracks.count == 1)
        #expect(file.tracks[0].events.map(\.event) == [
            .noteOn(channel: 0, key: 60, velocity: 100), .noteOn(channel: 0, key: 64, velocity: 90),
            .noteOff(channel: 0, key: 60, velocity: 64), .noteOff(channel: 0, key: 64, velocity: 64),
        ])
        #expect(file.tracks[0].events.map(\.tick) == [0, 0, 96, 96])
    }

    @Test func allChannelMessagesDecode() throws {
        let track: [UInt8] = [0, 0xB3, 7, 80, 0, 0xC9, 5, 0, 0xE1, 0x00, 0x60, 0, 0xD2, 33, 0, 0xA4, 60, 10, 0, 0x85, 61, 40]
            + SMFBytes.endOfTrack
        let events = try MIDIParser.parse(SMFBytes.file(format: 0, tracks: [track])).tracks[0].events.map(\.event)
        #expect(events == [
            .controlChange(channel: 3, controller: 7, value: 80), .programChange(channel: 9, program: 5),
            .pitchBend(channel: 1, value: 0x60 << 7), .channelPressure(channel: 2, pressure: 33),
            .polyPressure(channel: 4, key: 60, pressure: 10), .noteOff(channel: 5, key: 61, velocity: 40),
        ])
    }

    @Test func sysexAndMetaEventsAreSkippedAndCancelRunningStatus() throws {
        let name = Array("Song".utf8)
        let track: [UInt8] = [0x00, 0xFF, 0x03, UInt8(name.count)] + name
            + [0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7]  // GM system on
            + [0x00, 0xF7, 0x02, 0x01, 0x02]  // escaped packet
            + [0x00, 0xFF, 0x58, 0x04, 4, 2, 24, 8]  // time signature
            + [0x10, 0x91, 62, 70] + SMFBytes.endOfTrack
            + [0x00, 0x91, 99, 99]  // after end-of-track: ignored
        let file = try MIDIParser.parse(SMFBytes.file(format: 0, tracks: [track]))
        #expect(file.title == "Song")
        #expect(file.tracks[0].events.map(\.event) == [
            .meta(type: 3, data: name), .meta(type: 0x58, data: [4, 2, 24, 8]), .noteOn(channel: 1, key: 62, velocity: 70),
        ])
        #expect(file.tracks[0].events.last?.tick == 16)
        #expect(file.tracks[0].endTick == 16)
        // A data byte straight after a sysex has no running status to continue.
        let bad: [UInt8] = [0x00, 0x90, 60, 100, 0x00, 0xF0, 0x01, 0xF7, 0x00, 61, 100] + SMFBytes.endOfTrack
        #expect(throws: MIDIFileError.self) { try MIDIParser.parse(SMFBytes.file(format: 0, tracks: [bad])) }
    }

    @Test func formatOneTempoChangesGiveExactSeconds() throws {
        // Track 0: 120 bpm, then 60 bpm at tick 192, then 240 bpm at tick 288.
        let conductor = SMFBytes.tempo(micros: 500_000) + SMFBytes.tempo(delta: SMFBytes.vlq(192), micros: 1_000_000)
            + SMFBytes.tempo(delta: SMFBytes.vlq(96), micros: 250_000) + SMFBytes.endOfTrack
        // Track 1: notes at ticks 96, 240, 384 (delta 144 needs a two-byte VLQ).
        let notes: [UInt8] = SMFBytes.vlq(96) + [0x90, 60, 100] + SMFBytes.vlq(144) + [0x90, 62, 100]
            + SMFBytes.vlq(144) + [0x90, 64, 100] + SMFBytes.endOfTrack
        let file = try MIDIParser.parse(SMFBytes.file(format: 1, division: 96, tracks: [conductor, notes]))
        let map = file.tempoMap
        #expect(map.seconds(atTick: 96) == 0.5)
        #expect(map.seconds(atTick: 192) == 1.0)
        #expect(map.seconds(atTick: 240) == 1.5)
        #expect(map.seconds(atTick: 288) == 2.0)
        #expect(map.seconds(atTick: 384) == 2.25)
        let onsets = file.timeline.events.compactMap { item -> Double? in
            if case .noteOn = item.event { return item.seconds } else { return nil }
        }
        #expect(onsets == [0.5, 1.5, 2.25])
        #expect(file.timeline.duration == 2.25)
    }

    @Test func smpteDivisionCountsFramesNotBeats() throws {
        // −25 fps, 40 ticks per frame: 1000 ticks per second, whatever the tempo says.
        let track = SMFBytes.tempo(micros: 1_000_000) + SMFBytes.vlq(1500) + [0x90, 60, 1] + SMFBytes.endOfTrack
        let division = (0x100 - 25) << 8 | 40
        let file = try MIDIParser.parse(SMFBytes.file(format: 0, division: division, tracks: [track]))
        #expect(file.timeline.events.last?.seconds == 1.5)
    }

    @Test func formatTwoIsRefusedByName() {
        let error = #expect(throws: MIDIFileError.self) {
            try MIDIParser.parse(SMFBytes.file(format: 2, tracks: [SMFBytes.endOfTrack]))
        }
        #expect(error?.description.contains("format 2") == true)
    }

    @Test(arguments: [
        // (bytes, track, offset, words in the message)
        (Array([0x00, 0x90, 60]), 0, 25, "data byte"),            // note-on cut short
        (Array([0x00, 0x3C, 0x40]), 0, 23, "running status"),     // data with no status
        (Array([0x00, 0xFF, 0x51, 0x03, 0x07]), 0, 26, "tempo"),   // tempo data cut short (0x51 needs 3)
        (Array([0x81, 0x80, 0x80, 0x80, 0x00]), 0, 22, "longer than 4 bytes"),
        (Array([0x00, 0xF0, 0x7F, 0x01]), 0, 25, "sysex"),
    ])
    func truncatedOrCorruptTracksNameTrackAndOffset(track: [UInt8], number: Int, offset: Int, words: String) {
        let error = #expect(throws: MIDIFileError.self) {
            try MIDIParser.parse(SMFBytes.file(format: 0, tracks: [track]))
        }
        #expect(error?.track == number)
        #expect(error?.offset == offset, "\(String(describing: error))")
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
    }

    @Test func aChunkLongerThanTheFileIsATruncationError() {
        var bytes = SMFBytes.file(format: 1, tracks: [SMFBytes.endOfTrack, [0x00, 0x90, 60, 100] + SMFBytes.endOfTrack])
        bytes.removeLast(3)
        let error = #expect(throws: MIDIFileError.self) { try MIDIParser.parse(bytes) }
        #expect(error?.track == 1)
        #expect(error?.offset == 30)  // the second MTrk's length field
        #expect(error?.description.contains("truncated") == true)
        // A header promising more tracks than there are.
        let short = SMFBytes.file(format: 1, tracks: [SMFBytes.endOfTrack], declaredTracks: 3)
        #expect(throws: MIDIFileError.self) { try MIDIParser.parse(short) }
        #expect(throws: MIDIFileError.self) { try MIDIParser.parse(Array("RIFF....".utf8)) }
        #expect(throws: MIDIFileError.self) { try MIDIParser.parse(Array(SMFBytes.file(tracks: []).prefix(11))) }
    }

    @Test func fuzzedBytesNeverTrap() throws {
        // Every prefix and a set of single-byte corruptions of a valid file parse or throw.
        let valid = SMFBytes.file(format: 1, tracks: [SMFBytes.tempo(micros: 400_000) + SMFBytes.endOfTrack,
                                                      [0, 0x90, 60, 100, 0x40, 60, 0, 0, 0xE0, 0, 0x40] + SMFBytes.endOfTrack])
        var failures = 0
        for length in 0..<valid.count {
            do { _ = try MIDIParser.parse(Array(valid.prefix(length))) } catch { failures += 1 }
        }
        #expect(failures >= valid.count - 3, "nearly every prefix is incomplete")
        for index in valid.indices {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xF0, 0xFF] {
                var bytes = valid
                bytes[index] = value
                _ = try? MIDIParser.parse(bytes)
            }
        }
        #expect(try MIDIParser.parse(valid).tracks.count == 2)
    }
}
