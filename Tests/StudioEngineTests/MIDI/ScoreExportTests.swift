import Foundation
import StudioCore
import StudioMIDI
import StudioSoundFont
import Testing
@testable import StudioEngine

/// Every engine's score as a Standard MIDI File, read back by our parser and by mido: the file
/// holds the score as performed — every note at its humanised tick and velocity, each part on
/// its own named track with its program, drums on channel 10, the tempo, signatures and
/// sections — and the same request always gives the same bytes.
@Suite(.serialized) struct ScoreExportTests {
    static let ppq = Double(ScoreMIDIExport.ticksPerQuarter)

    /// The score the engine composes for `request`, and its export as written by the CLI path.
    static func export(_ request: RenderRequest) throws -> (score: Score, file: MIDIFile, url: URL) {
        let (_, _, score, _) = try Renderer().compose(request)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("studio-midi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("piece.mid")
        let report = try Renderer().exportMIDI(request, to: url)
        #expect(report.noteCount == score.noteCount)
        return (score, try MIDIFile.read(contentsOf: url), url)
    }

    @Test(arguments: ScoreExportSupport.engineKeys)
    func ourParserReadsThePerformedScore(engineKey: String) throws {
        let (score, file, url) = try Self.export(ScoreExportSupport.request(engineKey))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(file.format == 1)
        #expect(file.division == .ticksPerQuarter(ScoreMIDIExport.ticksPerQuarter))
        #expect(file.tracks.count == score.parts.count + 1, "a conductor track and one track per part")

        // The conductor: tempo, time and key signature, one marker per section.
        let conductor = file.tracks[0].events
        #expect(conductor.contains { $0.tick == 0 && $0.event == .tempo(microsecondsPerQuarter: Int((60_000_000 / score.tempo).rounded())) })
        #expect(conductor.contains { $0.tick == 0 && $0.event == .timeSignature(4, 4) })
        #expect(conductor.contains { $0.tick == 0 && $0.event == .keySignature(sharps: ScoreMIDIExport.sharps(of: score.key),
                                                                                   minor: score.key.mode == .minor) })
        let markers = conductor.compactMap { item -> String? in
            guard case .meta(0x06, let data) = item.event else { return nil }
            return "\(String(decoding: data, as: UTF8.self))@\(item.tick)"
        }
        #expect(!score.form.sections.isEmpty)
        #expect(markers == score.form.sections.map { "\($0.label ?? $0.kind.rawValue)@\($0.startBar * 4 * ScoreMIDIExport.ticksPerQuarter)" })

        let map = file.tempoMap
        for (index, part) in score.parts.enumerated() {
            let track = file.tracks[index + 1]
            #expect(track.name == part.name)
            let patch = part.instrument.generalMIDI
            let channels = Set(track.events.compactMap(\.event.channel))
            #expect(channels.count == 1, "part \(part.name) plays on one channel")
            #expect(patch.isPercussion == (channels.first == ScoreMIDIExport.drumChannel), "drums, and only drums, on channel 10")
            #expect(track.events.contains { $0.event == .programChange(channel: channels.first ?? -1, program: patch.program) })

            // Every note once, at its performed time (within one tick) and velocity.
            let ons = track.events.compactMap { item -> (tick: Int, key: Int, velocity: Int)? in
                guard case .noteOn(_, let key, let velocity) = item.event else { return nil }
                return (item.tick, key, velocity)
            }
            let offs = track.events.filter { if case .noteOff = $0.event { true } else { false } }
            #expect(ons.count == part.notes.count, "part \(part.name): a note-on per note")
            #expect(offs.count == ons.count, "part \(part.name): a note-off per note-on")
            // Key by key, in time order: chords whose notes round to one tick cannot reorder them.
            for pitch in Set(part.notes.map(\.pitch)) {
                let expected = part.notes.filter { $0.pitch == pitch }
                    .sorted { ($0.start, $0.duration, $0.velocity) < ($1.start, $1.duration, $1.velocity) }
                let played = ons.filter { $0.key == pitch }.sorted { $0.tick < $1.tick }
                #expect(played.count == expected.count, "part \(part.name), key \(pitch)")
                for (note, on) in zip(expected, played) {
                    #expect(abs(Double(on.tick) - score.beats(atSeconds: note.start) * Self.ppq) <= 1,
                            "part \(part.name): a note at \(note.start) s is at tick \(on.tick)")
                    #expect(abs(map.seconds(atTick: on.tick) - note.start) <= 60 / score.tempo / Self.ppq)
                    #expect(on.velocity == max(1, min(127, Int((Double(note.velocity) * 127).rounded()))))
                }
            }
        }
    }

    @Test(arguments: ScoreExportSupport.engineKeys)
    func midoReadsTheSameFile(engineKey: String) throws {
        let (score, file, url) = try Self.export(ScoreExportSupport.request(engineKey))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let mido = try ScoreExportSupport.midoReading(of: url)
        #expect(mido.type == 1)
        #expect(mido.ticksPerBeat == ScoreMIDIExport.ticksPerQuarter)
        #expect(mido.tracks.count == score.parts.count + 1)
        #expect(mido.tracks.allSatisfy { $0.endOfTrack })
        let conductor = mido.tracks[0]
        #expect(conductor.tempos.first == [0, Int((60_000_000 / score.tempo).rounded())])
        #expect(conductor.timeSignatures == [[0, 4, 4]])
        let keyName = score.key.tonicName + (score.key.mode == .minor ? "m" : "")
        #expect(conductor.keySignatures.first?.last?.string == keyName, "mido names the key \(keyName)")
        #expect(conductor.markers.map { $0.last?.string ?? "" } == score.form.sections.map { $0.label ?? $0.kind.rawValue })
        #expect(conductor.markers.map { $0.first?.int ?? -1 } == score.form.sections.map { $0.startBar * 4 * ScoreMIDIExport.ticksPerQuarter })
        // mido walks the tempo map itself: it agrees with ours on the file's length, which holds
        // the whole score, its ringing tail included.
        #expect(abs(mido.length - file.timeline.duration) < 0.001, "mido: \(mido.length) s, ours: \(file.timeline.duration) s")
        #expect(mido.length >= score.duration - 0.001, "mido: \(mido.length) s, score: \(score.duration) s")

        var total = 0
        for (index, part) in score.parts.enumerated() {
            let track = mido.tracks[index + 1]
            let patch = part.instrument.generalMIDI
            #expect(track.name == part.name)
            #expect(track.channels.count == 1)
            #expect((track.channels.first == 9) == patch.isPercussion)
            #expect(track.programs.map { $0.last ?? -1 } == [patch.program])
            #expect(track.noteOn.count == part.notes.count)
            #expect(track.noteOff.count == track.noteOn.count)
            let onsets = track.noteOn.map { $0[0] }.sorted()
            let expected = part.notes.map { score.beats(atSeconds: $0.start) * Self.ppq }.sorted()
            #expect(zip(onsets, expected).allSatisfy { abs(Double($0) - $1) <= 1 }, "part \(part.name): onsets within a tick")
            total += track.noteOn.count
        }
        #expect(total == score.noteCount)
    }

    @Test(arguments: ScoreExportSupport.engineKeys)
    func theSameRequestGivesTheSameBytesAndAnotherSeedDoesNot(engineKey: String) throws {
        let request = ScoreExportSupport.request(engineKey, duration: 12)
        let first = try Renderer.midiBytes(for: request)
        #expect(first == (try Renderer.midiBytes(for: request)))
        var other = request
        other.seed = 2
        #expect(first != (try Renderer.midiBytes(for: other)))
    }

    /// A tempo curve in the score (a ritardando) is in the file's tempo map, and every note still
    /// lands on its performed time: the ticks are counted through the curve.
    @Test func aTempoCurveBecomesTheTempoMap() throws {
        let (_, _, composed, metadata) = try Renderer().compose(ScoreExportSupport.request("keys-1", duration: 12))
        var score = composed
        score.tempoChanges = [TempoChange(beat: 8, bpm: score.tempo * 0.8), TempoChange(beat: 12, bpm: score.tempo * 0.6)]
        let file = try MIDIParser.parse(ScoreMIDIExport.file(for: score, metadata: metadata).bytes)
        let tempos = file.tracks[0].events.compactMap { item -> Int? in
            if case .tempo = item.event { item.tick } else { nil }
        }
        #expect(tempos == [0, 8 * ScoreMIDIExport.ticksPerQuarter, 12 * ScoreMIDIExport.ticksPerQuarter])
        let map = file.tempoMap
        let onsets = file.tracks.dropFirst().flatMap { track in
            track.events.compactMap { item -> Double? in if case .noteOn = item.event { map.seconds(atTick: item.tick) } else { nil } }
        }.sorted()
        let starts = score.parts.flatMap { $0.notes.map(\.start) }.sorted()
        #expect(onsets.count == starts.count)
        // One tick at the slowest tempo.
        let tick = 60 / (score.tempo * 0.6) / Self.ppq
        #expect(zip(onsets, starts).allSatisfy { abs($0 - $1) <= tick })
    }

    /// A score with pitch bends (one played from a MIDI file) exports them: played again, the
    /// exported file gives the same notes and the same bend curve.
    @Test func pitchBendsAndNotesSurviveScoreToMIDIToScore() throws {
        let font = try SoundFont.open(path: SampledInstrumentTests.path)
        let events: [(Int, MIDIEvent)] = [
            (0, .programChange(channel: 2, program: 81)), (0, .noteOn(channel: 2, key: 60, velocity: 100)),
            (240, .pitchBend(channel: 2, value: 12288)), (480, .pitchBend(channel: 2, value: 4096)),
            (720, .pitchBend(channel: 2, value: 8192)), (960, .noteOff(channel: 2, key: 60, velocity: 0)),
            (960, .noteOn(channel: 9, key: 36, velocity: 90)), (1200, .noteOff(channel: 9, key: 36, velocity: 0)),
        ]
        let original = MIDIPerformance(file: MIDIFile(format: 0, division: .ticksPerQuarter(480),
                                                      tracks: [MIDITrack(events: events.map { MIDITrackEvent(tick: $0.0, event: $0.1) })]),
                                       soundFont: font, effects: false)
        let metadata = ScoreMetadata(title: "bend", licence: LicenceTerms(licenceClass: .unclear, requiresAttribution: false, attribution: nil),
                                     software: "test")
        let exported = try MIDIParser.parse(ScoreMIDIExport.file(for: original.score, metadata: metadata).bytes)
        let bends = exported.tracks.flatMap(\.events).filter { if case .pitchBend = $0.event { true } else { false } }
        #expect(bends.count == 4, "the bend curve's steps, from its starting value")
        let again = MIDIPerformance(file: exported, soundFont: font, effects: false)
        #expect(again.score.parts.count == original.score.parts.count)
        for (a, b) in zip(original.score.parts, again.score.parts) {
            #expect(a.notes.count == b.notes.count)
            for (x, y) in zip(a.notes, b.notes) {
                #expect(x.pitch == y.pitch && x.velocity == y.velocity)
                #expect(abs(x.start - y.start) < 0.001 && abs(x.duration - y.duration) < 0.001)
            }
            let bendA = (a.instrument as? BendingInstrument)?.bend, bendB = (b.instrument as? BendingInstrument)?.bend
            #expect((bendA == nil) == (bendB == nil))
            if let bendA, let bendB {
                #expect(bendA.values.count == bendB.values.count)
                #expect(zip(bendA.values, bendB.values).allSatisfy { abs($0 - $1) < 0.001 })
                #expect(zip(bendA.times, bendB.times).allSatisfy { abs($0 - $1) < 0.001 })
            }
        }
    }

    /// Two notes of one key that overlap (humanisation can do it) stay two notes: the earlier is
    /// released where the later starts, and a repeat on the same tick moves one tick later.
    @Test func overlappingNotesOfOneKeyAreAllKept() throws {
        let (_, _, composed, metadata) = try Renderer().compose(ScoreExportSupport.request("keys-1", duration: 12))
        var score = composed
        score.parts = [score.parts[0]]
        score.parts[0].notes = [
            NoteEvent(start: 1, duration: 2, pitch: 60, velocity: 0.5), NoteEvent(start: 2, duration: 1, pitch: 60, velocity: 0.6),
            NoteEvent(start: 2, duration: 1, pitch: 60, velocity: 0.7),
        ]
        let track = try MIDIParser.parse(ScoreMIDIExport.file(for: score, metadata: metadata).bytes).tracks[1]
        let notes = track.events.compactMap { item -> String? in
            switch item.event {
            case .noteOn(_, let key, _): "on \(key)@\(item.tick)"
            case .noteOff(_, let key, _): "off \(key)@\(item.tick)"
            default: nil
            }
        }
        let beat = score.tempo / 60 * Self.ppq
        let (one, two) = (Int(beat.rounded()), Int((2 * beat).rounded()))
        #expect(notes == ["on 60@\(one)", "off 60@\(two)", "on 60@\(two)", "off 60@\(two + 1)", "on 60@\(two + 1)",
                          "off 60@\(Int((3 * beat).rounded()))"])
    }
}
