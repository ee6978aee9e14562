import Foundation
import StudioAudio
import Testing

/// `studio render` end to end, measured by the same tools a user would reach for.
@Suite struct RenderCommandTests {
    @Test func lofiSixtySecondsIsAMasteredFortyEightKilohertzStereoFlac() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("a.flac")
        let result = try StudioProcess.run(["render", "--engine", "lofi-1", "--prompt", "late night lofi, 84 bpm, A minor",
                                            "--duration", "60", "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("A minor (prompt)"))
        #expect(result.stdout.contains("84 bpm (prompt)"))

        let reader = try AudioFileReader(url: output)
        #expect(reader.sampleRate == 48_000)
        #expect(reader.channels == 2)
        #expect(abs(Double(reader.frames) / 48_000 - 60) <= 0.05)
        let (left, right) = try reader.readAll()
        let all = left + right
        #expect(all.allSatisfy { $0.isFinite }, "NaN or infinity in the output")
        // A clipped 16-bit sample reads back as exactly ±1 (or −32768/32768).
        #expect(!all.contains { abs($0) >= 32767.0 / 32768.0 }, "clipped samples")
        let dc = all.reduce(0.0) { $0 + Double($1) } / Double(all.count)
        #expect(abs(dc) < 0.001, "DC offset \(dc)")

        // ffmpeg's EBU R128 meter, independent of ours.
        let ffmpeg = try StudioProcess.runTool(URL(fileURLWithPath: "/usr/bin/ffmpeg"), [
            "-hide_banner", "-nostats", "-i", output.path, "-af", "ebur128=peak=true", "-f", "null", "-",
        ])
        let summary = ffmpeg.stderr.components(separatedBy: "Summary:").last ?? ""
        let integrated = Self.number(after: "I:", in: summary)
        let truePeak = Self.number(after: "Peak:", in: summary)
        #expect(integrated.map { abs($0 + 14) <= 1 } == true, "ffmpeg integrated loudness \(String(describing: integrated))")
        #expect(truePeak.map { $0 <= -1.0 } == true, "ffmpeg true peak \(String(describing: truePeak))")
    }

    @Test func stemsAreWrittenBesideTheMix() throws {
        let directory = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("drop.wav")
        let result = try StudioProcess.run(["render", "--engine", "pulse-1", "--prompt", "energetic", "--duration", "8",
                                            "--stems", "-q", "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["drop.ambience.wav", "drop.bass.wav", "drop.drums.wav", "drop.harmony.wav", "drop.melody.wav",
                          "drop.texture.wav", "drop.wav"])
    }

    @Test(arguments: [
        (["render", "--engine", "nope-9", "--prompt", "x", "--duration", "5", "-o", "/tmp/x.wav"], "unknown engine \"nope-9\""),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "abc", "-o", "/tmp/x.wav"], "--duration"),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "5"], "--output is required"),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "5", "-o", "/tmp/x.wav", "--seed", "-3"], "--seed"),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "5", "-o", "/tmp/x.wav", "--frobnicate"], "unknown option --frobnicate"),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "4:00:00", "-o", "/tmp/x.wav"], "outside this engine's range"),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "5", "-o", "/nonexistent-dir/x.wav"], "/nonexistent-dir"),
        (["render", "--engine", "lofi-1", "--prompt", "x", "--duration", "5", "-o", "/tmp/x.wav", "--format", "aiff"], "--format"),
        (["dance"], "unknown command 'dance'"),
    ])
    func badInputFailsWithAMessageThatNamesIt(arguments: [String], message: String) throws {
        let result = try StudioProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        let rest = text[range.upperBound...].drop(while: { $0 == " " })
        return Double(rest.prefix(while: { $0 == "-" || $0 == "." || $0.isNumber }))
    }
}
