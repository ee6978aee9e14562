import Testing
@testable import StudioMIDI

/// The writer against the SMF 1.0 spec, byte for byte, and against our own parser: whatever it
/// writes must read back as the file it was given.
@Suite struct MIDIFileWriterTests {
    /// The spec's table of variable-length quantities, with the boundaries where a byte is added.
    @Test func variableLengthQuantitiesAtEveryByteBoundary() {
        let table: [(Int, [UInt8])] = [
            (0x00, [0x00]), (0x40, [0x40]), (0x7F, [0x7F]),
            (0x80, [0x81, 0x00]), (0x2000, [0xC0, 0x00]), (0x3FFF, [0xFF, 0x7F]),
            (0x4000, [0x81, 0x80, 0x00]), (0x10_0000, [0xC0, 0x80, 0x00]), (0x1F_FFFF, [0xFF, 0xFF, 0x7F]),
            (0x20_0000, [0x81, 0x80, 0x80, 0x00]), (0x800_0000, [0xC0, 0x80, 0x80, 0x00]), (0xFFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
        ]
        for (value, bytes) in table {
            #expect(MIDIFileWriter.variableLength(value) == bytes, "VLQ of 0x\(String(value, radix: 16))")
        }
    }

    /// A two-track type-1 file, checked by hand against the spec: MThd (length 6, format 1,
    /// 2 tracks, 480 ticks per quarter), a conductor track with one tempo (500 000 µs = 07 A1 20),
    /// and a drum track (channel 10 = status 0x99) whose deltas cross the 1- and 3-byte boundaries.
    @Test func tinyFileMatchesHandCheckedBytes() {
        let file = MIDIFile(format: 1, division: .ticksPerQuarter(480), tracks: [
            MIDITrack(events: [MIDITrackEvent(tick: 0, event: .tempo(microsecondsPerQuarter: 500_000))]),
            MIDITrack(events: [
                MIDITrackEvent(tick: 0, event: .trackName("A")),
                MIDITrackEvent(tick: 0, event: .noteOn(channel: 9, key: 36, velocity: 100)),
                MIDITrackEvent(tick: 128, event: .noteOff(channel: 9, key: 36, velocity: 64)),
            ], endTick: 128 + 0x20_0000),
        ])
        let expected: [UInt8] = [
            0x4D, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06, 0x00, 0x01, 0x00, 0x02, 0x01, 0xE0,
            0x4D, 0x54, 0x72, 0x6B, 0x00, 0x00, 0x00, 0x0B,
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
            0x00, 0xFF, 0x2F, 0x00,
            0x4D, 0x54, 0x72, 0x6B, 0x00, 0x00, 0x00, 0x15,
            0x00, 0xFF, 0x03, 0x01, 0x41,
            0x00, 0x99, 0x24, 0x64,
            0x81, 0x00, 0x89, 0x24, 0x40,
            0x81, 0x80, 0x80, 0x00, 0xFF, 0x2F, 0x00,
        ]
        #expect(file.bytes == expected)
    }

    @Test func everyKindOfEventSurvivesARoundTrip() throws {
        let file = MIDIFile(format: 1, division: .ticksPerQuarter(960), tracks: [
            MIDITrack(events: [
                MIDITrackEvent(tick: 0, event: .trackName("Conductor")),
                MIDITrackEvent(tick: 0, event: .timeSignature(3, 4)),
                MIDITrackEvent(tick: 0, event: .keySignature(sharps: -3, minor: true)),
                MIDITrackEvent(tick: 0, event: .tempo(microsecondsPerQuarter: 600_000)),
                MIDITrackEvent(tick: 0, event: .marker("intro")),
                MIDITrackEvent(tick: 11_520, event: .tempo(microsecondsPerQuarter: 0xFF_FFFF)),
                MIDITrackEvent(tick: 11_520, event: .marker("verse")),
                MIDITrackEvent(tick: 40_000, event: .meta(type: 0x7F, data: Array(repeating: 0xAB, count: 200))),
            ], endTick: 50_000),
            MIDITrack(events: [
                MIDITrackEvent(tick: 0, event: .trackName("lead ✓")),
                MIDITrackEvent(tick: 0, event: .programChange(channel: 15, program: 127)),
                MIDITrackEvent(tick: 0, event: .controlChange(channel: 15, controller: 10, value: 0)),
                MIDITrackEvent(tick: 1, event: .noteOn(channel: 15, key: 127, velocity: 1)),
                MIDITrackEvent(tick: 1, event: .pitchBend(channel: 15, value: 16383)),
                MIDITrackEvent(tick: 0x4000, event: .pitchBend(channel: 15, value: 0)),
                MIDITrackEvent(tick: 0x4000, event: .polyPressure(channel: 15, key: 127, pressure: 5)),
                MIDITrackEvent(tick: 0x4000, event: .channelPressure(channel: 15, pressure: 99)),
                MIDITrackEvent(tick: 0x4001, event: .noteOff(channel: 15, key: 127, velocity: 0)),
            ], endTick: 50_000),
        ])
        let read = try MIDIParser.parse(file.bytes)
        #expect(read == file)
        #expect(read.tracks[1].name == "lead ✓")
        #expect(abs(read.tempoMap.seconds(atTick: 11_520) - 7.2) < 1e-9)
    }

    /// A file written in another encoding (running status, velocity-0 releases) reads the same
    /// after our writer spells it out: write ∘ parse is the identity on what the parser keeps.
    @Test func aRunningStatusFileRewritesToTheSameEvents() throws {
        let track: [UInt8] = [0x00, 0x90, 60, 100, 0x00, 64, 90, 0x60, 60, 0, 0x00, 64, 0] + SMFBytes.endOfTrack
        let original = try MIDIParser.parse(SMFBytes.file(format: 0, tracks: [track]))
        let rewritten = try MIDIParser.parse(original.bytes)
        #expect(rewritten == original)
        #expect(original.bytes.count > SMFBytes.file(format: 0, tracks: [track]).count, "no running status: each event has its status")
    }

    /// Seeded random files of random events: the parser reads back exactly what was written.
    @Test func randomFilesRoundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<200 {
            var tracks: [MIDITrack] = []
            for _ in 0..<(1 + next(4)) {
                var tick = 0
                var events: [MIDITrackEvent] = []
                for _ in 0..<next(60) {
                    tick += [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000][next(6)]
                    let c = next(16)
                    let event: MIDIEvent = switch next(9) {
                    case 0: .noteOn(channel: c, key: next(128), velocity: 1 + next(127))
                    case 1: .noteOff(channel: c, key: next(128), velocity: next(128))
                    case 2: .controlChange(channel: c, controller: next(120), value: next(128))
                    case 3: .programChange(channel: c, program: next(128))
                    case 4: .pitchBend(channel: c, value: next(16384))
                    case 5: .channelPressure(channel: c, pressure: next(128))
                    case 6: .polyPressure(channel: c, key: next(128), pressure: next(128))
                    case 7: .tempo(microsecondsPerQuarter: 1 + next(0xFF_FFFF))
                    default: .meta(type: [0x01, 0x03, 0x06, 0x58, 0x59][next(5)], data: (0..<next(300)).map { _ in UInt8(next(256)) })
                    }
                    events.append(MIDITrackEvent(tick: tick, event: event))
                }
                tracks.append(MIDITrack(events: events, endTick: tick + next(3)))
            }
            let file = MIDIFile(format: 1, division: .ticksPerQuarter(1 + next(0x7FFF)), tracks: tracks)
            #expect(try MIDIParser.parse(file.bytes) == file)
        }
    }

    @Test func smpteDivisionRoundTrips() throws {
        for fps in [24.0, 25.0, 30000.0 / 1001, 30.0] {
            let file = MIDIFile(format: 0, division: .smpte(framesPerSecond: fps, ticksPerFrame: 40), tracks: [MIDITrack(events: [])])
            #expect(try MIDIParser.parse(file.bytes) == file)
        }
    }

    @Test func signatureMetaEventsHaveTheSpecLayout() {
        #expect(MIDIEvent.timeSignature(4, 4) == .meta(type: 0x58, data: [4, 2, 24, 8]))
        #expect(MIDIEvent.timeSignature(6, 8) == .meta(type: 0x58, data: [6, 3, 12, 8]))
        #expect(MIDIEvent.keySignature(sharps: -3, minor: true) == .meta(type: 0x59, data: [0xFD, 1]))
        #expect(MIDIEvent.keySignature(sharps: 2, minor: false) == .meta(type: 0x59, data: [2, 0]))
    }
}
