import Foundation
import StudioMIDI
import StudioSoundFont
import Testing
@testable import StudioEngine

/// MIDI → score on Debian's FluidR3_GM: the performance rules (sustain, programs, drums,
/// retriggers, controllers) and, by ear through an FFT, pitch bend.
@Suite(.serialized) struct MIDIPerformanceTests {
    static let font: SoundFont = try! SoundFont.open(path: SampledInstrumentTests.path)

    /// A format-0 file at 120 bpm and 480 ticks per quarter: one second is 960 ticks.
    static func file(_ events: [(tick: Int, event: MIDIEvent)]) -> MIDIFile {
        MIDIFile(format: 0, division: .ticksPerQuarter(480),
                 tracks: [MIDITrack(events: events.map { MIDITrackEvent(tick: $0.tick, event: $0.event) })])
    }

    static func perform(_ events: [(tick: Int, event: MIDIEvent)], effects: Bool = false) -> MIDIPerformance {
        MIDIPerformance(file: file(events), soundFont: font, effects: effects)
    }

    static func sampled(_ part: Part) -> SampledInstrument? {
        (part.instrument as? SampledInstrument) ?? (part.instrument as? BendingInstrument)?.base
    }

    @Test func sustainPedalHoldsNoteOffsUntilItComesUp() throws {
        let pedalled = Self.perform([
            (0, .noteOn(channel: 0, key: 60, velocity: 100)), (240, .controlChange(channel: 0, controller: 64, value: 127)),
            (480, .noteOff(channel: 0, key: 60, velocity: 0)), (480, .noteOn(channel: 0, key: 64, velocity: 90)),
            (720, .noteOff(channel: 0, key: 64, velocity: 0)), (1440, .controlChange(channel: 0, controller: 64, value: 0)),
            (1920, .noteOn(channel: 0, key: 67, velocity: 80)), (2400, .noteOff(channel: 0, key: 67, velocity: 0)),
        ])
        let notes = try #require(pedalled.score.parts.first).notes.sorted { $0.start < $1.start }
        #expect(notes.map(\.pitch) == [60, 64, 67])
        #expect(notes.map(\.start) == [0, 0.5, 2])
        #expect(notes.map(\.duration) == [1.5, 1.0, 0.5])
        #expect(notes[0].velocity == Float(100) / 127)
    }

    @Test func aRepeatedKeyEndsTheNoteItRepeatsAndHeldNotesEndWithTheFile() throws {
        let performance = Self.perform([
            (0, .noteOn(channel: 0, key: 60, velocity: 100)), (480, .noteOn(channel: 0, key: 60, velocity: 100)),
            (960, .noteOff(channel: 0, key: 60, velocity: 0)), (960, .noteOff(channel: 0, key: 60, velocity: 0)),
            (960, .noteOn(channel: 0, key: 62, velocity: 100)), (1920, .meta(type: 1, data: [])),
        ])
        let notes = try #require(performance.score.parts.first).notes
        #expect(notes.map(\.start) == [0, 0.5, 1])
        #expect(notes.map(\.duration) == [0.5, 0.5, 1])
        #expect(performance.score.duration == 2 + MIDIPerformance.dryTail)
    }

    @Test func notesTakeTheProgramInForceAtTheirNoteOn() throws {
        let performance = Self.perform([
            (0, .programChange(channel: 0, program: 40)), (0, .noteOn(channel: 0, key: 60, velocity: 100)),
            (480, .programChange(channel: 0, program: 73)), (600, .noteOff(channel: 0, key: 60, velocity: 0)),
            (600, .noteOn(channel: 0, key: 72, velocity: 100)), (960, .noteOff(channel: 0, key: 72, velocity: 0)),
            // Bank 8 program 80 exists (Sine Wave); bank 9 does not and falls back to bank 0.
            (960, .controlChange(channel: 1, controller: 0, value: 8)), (960, .programChange(channel: 1, program: 80)),
            (960, .noteOn(channel: 1, key: 69, velocity: 100)), (1000, .controlChange(channel: 1, controller: 0, value: 9)),
            (1000, .noteOn(channel: 1, key: 70, velocity: 100)),
        ])
        let presets = performance.score.parts.compactMap(Self.sampled).map { [$0.bank, $0.program] }
        #expect(presets == [[0, 40], [0, 73], [8, 80], [0, 80]])
        #expect(performance.score.parts.map { $0.notes.map(\.pitch) } == [[60], [72], [69], [70]])
        #expect(performance.missingPresets.isEmpty)
    }

    @Test func channelTenPlaysDrumKitsFromBank128() throws {
        let performance = Self.perform([
            (0, .noteOn(channel: 9, key: 36, velocity: 100)), (240, .programChange(channel: 9, program: 25)),
            (240, .noteOn(channel: 9, key: 38, velocity: 100)), (480, .programChange(channel: 9, program: 99)),
            (480, .noteOn(channel: 9, key: 42, velocity: 100)),
        ])
        let parts = performance.score.parts
        #expect(parts.compactMap(Self.sampled).map { [$0.bank, $0.program] } == [[128, 0], [128, 25]])
        #expect(parts.map(\.stem) == [.drums, .drums])
        // A kit the font lacks falls back to the standard kit (kit 0's part), not to a piano.
        #expect(parts[0].notes.map(\.pitch) == [36, 42])
        // Hi-hats choke each other: the kit's exclusive classes reach the part.
        #expect(parts[0].instrument.exclusiveGroup(of: 42) != nil)
    }

    @Test func volumeExpressionAndPanReachTheParts() throws {
        let performance = Self.perform([
            (0, .controlChange(channel: 2, controller: 10, value: 0)), (0, .controlChange(channel: 2, controller: 7, value: 127)),
            (0, .noteOn(channel: 2, key: 60, velocity: 100)),
            (480, .controlChange(channel: 2, controller: 11, value: 64)),
            (480, .controlChange(channel: 2, controller: 10, value: 127)), (480, .noteOn(channel: 2, key: 64, velocity: 100)),
        ])
        let parts = performance.score.parts
        #expect(parts.map(\.pan) == [-1, 1])
        // Full volume, then expression 64: (64/127)² from 0.5 s on, as a step in the gain ride.
        let ride = parts[0].ride
        #expect(ride.first?.gain == 1)
        #expect(abs(Double(ride.last?.gain ?? 0) - pow(64.0 / 127, 2)) < 1e-6)
        #expect(ride.last?.time == 0.5)
        #expect(parts[1].ride == ride, "every part of a channel follows the channel's controllers")
    }

    /// The Sine Wave preset (bank 8, program 80) held for 2 s: centred for the first second,
    /// then bent up a whole tone (14-bit maximum with the default ±2 range), then, after RPN 0
    /// sets a 12-semitone range, bent fully down. The bend happens inside the held note.
    @Test func pitchBendBendsASoundingNote() throws {
        let performance = Self.perform([
            (0, .controlChange(channel: 0, controller: 0, value: 8)), (0, .programChange(channel: 0, program: 80)),
            (0, .noteOn(channel: 0, key: 69, velocity: 110)),
            (960, .pitchBend(channel: 0, value: 16383)),
            (1920, .controlChange(channel: 0, controller: 101, value: 0)), (1920, .controlChange(channel: 0, controller: 100, value: 0)),
            (1920, .controlChange(channel: 0, controller: 6, value: 12)), (1920, .pitchBend(channel: 0, value: 0)),
            (2880, .noteOff(channel: 0, key: 69, velocity: 0)),
        ])
        #expect(performance.score.parts.first?.instrument is BendingInstrument)
        let mono = try Self.renderDry(performance.score)
        // Measured against the unbent start of the same note, so the test checks the bend and not
        // the player's absolute tuning (this preset's modulation envelope lowers its pitch by 600
        // cents in FluidSynth, which our player does not model yet).
        let centred = Self.zeroCrossingFrequency(mono, from: 12_000, count: 30_000)
        let up = Self.zeroCrossingFrequency(mono, from: 60_000, count: 30_000)
        let down = Self.zeroCrossingFrequency(mono, from: 108_000, count: 30_000)
        #expect(centred > 200, "the note sounds: \(centred) Hz")
        let cents = { (f: Double) in 1200 * log2(f / centred) }
        #expect(abs(cents(up) - 200 * 8191 / 8192) < 2, "bent up: \(up) Hz against \(centred) Hz")
        #expect(abs(cents(down) + 1200) < 2, "bent down an octave: \(down) Hz against \(centred) Hz")
        print("pitch bend: centred \(centred) Hz, up \(cents(up)) cents, down \(cents(down)) cents")
    }

    /// Frequency from the positive-going zero crossings in a window, each placed between samples
    /// by linear interpolation: robust for a sine-like tone whatever its level.
    static func zeroCrossingFrequency(_ x: [Float], from: Int, count: Int) -> Double {
        var first: Double?, last = 0.0, crossings = 0
        for i in from..<(from + count - 1) where x[i] <= 0 && x[i + 1] > 0 {
            let t = Double(i) + Double(-x[i] / (x[i + 1] - x[i]))
            if first == nil { first = t }
            last = t
            crossings += 1
        }
        guard let first, crossings > 1 else { return 0 }
        return Double(crossings - 1) / (last - first) * 48_000
    }

    /// Plays a score through the mix bus without effects and returns the mono sum.
    static func renderDry(_ score: Score) throws -> [Float] {
        let bus = MixBus(score: score, sampleRate: 48_000, threads: 1, writesStems: false, dry: true)
        var mono: [Float] = []
        try bus.run(isCancelled: { false }, progress: { _ in }) { frames in
            let l = bus.plane(0), r = bus.plane(1)
            for i in 0..<frames { mono.append((l[i] + r[i]) / 2) }
        }
        return mono
    }
}
