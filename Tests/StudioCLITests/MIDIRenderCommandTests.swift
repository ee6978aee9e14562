import Foundation
import StudioAudio
import Testing

/// `studio render --midi` end to end, on a small file the test writes byte by byte.
@Suite struct MIDIRenderCommandTests {
    /// Format 1, 480 ticks per quarter: a conductor track (120 bpm, then 240 bpm at beat 2) and a
    /// piano chord with a drum beat. Ends at 1.5 s (beat 2 = 1 s, then two beats at 240 bpm).
    static func writeMIDI(to url: URL) throws {
        func track(_ body: [UInt8]) -> [UInt8] {
            let data = body + [0x00, 0xFF, 0x2F, 0x00]
            return Array("MTrk".utf8) + [0, 0, UInt8(data.count >> 8), UInt8(data.count & 0xFF)] + data
        }
        let conductor = track([0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x87, 0x40, 0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90])
        let piano = track([0x00, 0xC0, 0x00, 0x00, 0x90, 60, 100, 0x00, 64, 100, 0x00, 67, 100,  // running status
                           0x8F, 0x00, 60, 0, 0x00, 64, 0, 0x00, 67, 0])                          // 1920 ticks later, vel 0
        let drums = track([0x00, 0x99, 36, 110, 0x83, 0x60, 0x89, 36, 0, 0x00, 0x99, 38, 100, 0x83, 0x60, 0x89, 38, 0])
        let header: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 3, 0x01, 0xE0]
        try Data(header + conductor + piano + drums).write(to: url)
    }

    @Test func rendersAMIDIFileWithAndWithoutEffects() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let midi = directory.appendingPathComponent("song.mid")
        try Self.writeMIDI(to: midi)
        var measured: [Bool: (seconds: Double, loudness: Double, peak: Float)] = [:]
        for effects in [true, false] {
            let output = directory.appendingPathComponent(effects ? "wet.flac" : "dry.flac")
            let result = try StudioProcess.run(["render", "--midi", midi.path, "-o", output.path, "--date", "2026-01-01", "--json"]
                                               + (effects ? [] : ["--no-effects"]))
            #expect(result.status == 0, "\(result.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(report?["note_count"] as? Int == 5)
            #expect(report?["parts"] as? Int == 2)
            let reader = try AudioFileReader(url: output)
            #expect(reader.sampleRate == 48_000 && reader.channels == 2)
            let (left, right) = try reader.readAll()
            var meter = LoudnessMeter(sampleRate: 48_000)
            meter.process(left: left, right: right)
            let peak = zip(left, right).reduce(Float(0)) { max($0, abs($1.0), abs($1.1)) }
            measured[effects] = (Double(reader.frames) / 48_000, meter.integratedLoudness, peak)
            #expect(peak > 0.01, "silent output")
            #expect(!(left + right).contains { !$0.isFinite })
        }
        let wet = try #require(measured[true]), dry = try #require(measured[false])
        // 1.5 s of music, then the release tail: 3 s with effects (reverb), 1.5 s dry.
        #expect(abs(wet.seconds - 4.5) < 0.01, "with effects: \(wet.seconds) s")
        #expect(abs(dry.seconds - 3.0) < 0.01, "dry: \(dry.seconds) s")
        #expect(abs(wet.loudness + 14) < 1, "with effects: \(wet.loudness) LUFS")
        // Dry is the plain sum at unity: no normalisation, so not at the target by design.
        #expect(abs(dry.loudness + 14) > 1, "dry: \(dry.loudness) LUFS")
    }

    @Test(arguments: [
        (["--engine", "keys-1"], "--engine cannot be used with --midi"),
        (["--prompt", "x"], "--prompt cannot be used with --midi"),
        (["--soundfont", "/nonexistent/font.sf2"], "/nonexistent/font.sf2"),
        (["--soundfont", "/etc/hostname"], "cannot open SoundFont"),
    ])
    func badOptionsAreNamed(extra: [String], message: String) throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let midi = directory.appendingPathComponent("song.mid")
        try Self.writeMIDI(to: midi)
        let result = try StudioProcess.run(["render", "--midi", midi.path, "-o", directory.appendingPathComponent("x.wav").path]
                                           + extra)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.wav").path))
    }

    @Test func aTruncatedMIDIFileIsNamedWithTrackAndOffset() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let midi = directory.appendingPathComponent("cut.mid")
        try Self.writeMIDI(to: midi)
        let bytes = try Data(contentsOf: midi)
        try bytes.prefix(bytes.count - 6).write(to: midi)
        let result = try StudioProcess.run(["render", "--midi", midi.path, "-o", directory.appendingPathComponent("x.wav").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cut.mid"), "stderr was: \(result.stderr)")
        #expect(result.stderr.contains("track 2, byte offset"), "stderr was: \(result.stderr)")
        let other = try StudioProcess.run(["render", "--no-effects", "--engine", "keys-1", "--prompt", "x", "--duration", "5",
                                           "-o", "/tmp/x.wav"])
        #expect(other.stderr.contains("--no-effects only applies with --midi"))
    }

    /// One delta time of 2^28 ticks at 16.7 s a quarter note claims 4.5 billion seconds: the
    /// render used to run on (and on) trying to hold that in memory. It is refused by name.
    @Test func aMIDIFileClaimingBillionsOfSecondsIsRefused() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let midi = directory.appendingPathComponent("endless.mid")
        let body: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF, 0x00, 0x90, 60, 64, 0xFF, 0xFF, 0xFF, 0x7F, 0x80, 60, 64,
                             0x00, 0xFF, 0x2F, 0x00]
        let header: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 1]
        try Data(header + Array("MTrk".utf8) + [0, 0, 0, UInt8(body.count)] + body).write(to: midi)
        let started = Date()
        let result = try StudioProcess.run(["render", "--midi", midi.path, "-o", directory.appendingPathComponent("x.wav").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("endless.mid") && result.stderr.contains("at most 3600 s"), "stderr was: \(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
