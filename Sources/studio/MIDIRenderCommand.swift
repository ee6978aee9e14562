import Foundation
import StudioCore
import StudioEngine

/// `studio render --midi FILE.mid`: plays a Standard MIDI File instead of composing. The
/// engine options make no sense here (the file is the composition), so they are refused by
/// name rather than silently ignored.
enum MIDIRenderCommand {
    static func run(_ args: Arguments) throws {
        let command = "studio render --midi"
        for option in ["engine", "prompt", "duration", "seed", "bpm", "key"] where args.value(option) != nil {
            throw Arguments.UsageError(description: "\(command): --\(option) cannot be used with --midi (the MIDI file is the music)")
        }
        if args.has("stems") {
            throw Arguments.UsageError(description: "\(command): --stems is not available with --midi")
        }
        let midi = URL(fileURLWithPath: try args.required("midi", command: command))
        let output = URL(fileURLWithPath: try args.required("output", command: command))
        let format = try RenderCommand.outputFormat(args, output: output, command: command)
        guard format.isAudio else {
            throw Arguments.UsageError(description: "\(command): -o \(output.lastPathComponent): playing a MIDI file makes audio; "
                                       + "choose an audio format (the MIDI file is already the score)")
        }
        try RenderCommand.checkWritable(output)
        let threads = try RenderCommand.threadCount(args, command: command)
        let effects = !args.has("no-effects")
        let quiet = args.has("quiet")
        guard FileManager.default.fileExists(atPath: midi.path) else {
            throw Arguments.UsageError(description: "\(command): no such MIDI file: \(midi.path)")
        }
        if let path = args.value("soundfont"), !FileManager.default.fileExists(atPath: path) {
            throw Arguments.UsageError(description: "\(command): no such SoundFont: \(path)")
        }
        // Write next to the target and rename at the end, so nobody ever sees a half-written file.
        let partial = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let progress = quiet ? nil : ProgressBar(label: "rendering \(output.lastPathComponent)")
        var options = RenderOptions(threads: threads)
        if let progress { options.progress = { fraction in progress.update(fraction) } }
        let report: MIDIRenderer.Report
        do {
            report = try MIDIRenderer.render(
                midi: midi, soundFontPath: args.value("soundfont"), effects: effects, title: args.value("title"),
                to: RenderOutput(mix: [(partial, format)], date: args.value("date") ?? Timestamp.day(Date())), options: options)
            try FileManager.default.moveItemReplacing(partial, to: output)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            progress?.finish()
            throw error
        }
        progress?.finish()
        if args.has("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if !quiet {
            print(summary(report, output: output, format: format))
        }
        for missing in report.missingPresets {
            FileHandle.standardError.write(Data("studio: warning: the SoundFont has no \(missing); its notes were not played\n".utf8))
        }
    }

    static func summary(_ report: MIDIRenderer.Report, output: URL, format: AudioFormat) -> String {
        [
            "wrote \(output.path) (\(format.rawValue), \(String(format: "%.2f", report.durationSeconds)) s, "
                + "\(report.sampleRate) Hz stereo)",
            "  \(report.title): \(report.tracks) tracks, \(report.noteCount) notes in \(report.parts) parts · "
                + (report.effects ? "reverb and master chain" : "dry, no effects"),
            "  loudness \(String(format: "%.1f", report.loudnessLUFS)) LUFS · true peak "
                + "\(String(format: "%.1f", report.truePeakDBTP)) dBTP · gain \(String(format: "%+.1f", report.masterGainDB)) dB",
            "  soundfont: \(report.soundFont)",
            "  licence: \(report.licence.summary)",
        ].joined(separator: "\n")
    }
}
