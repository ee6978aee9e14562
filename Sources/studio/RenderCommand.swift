import Foundation
import StudioCore
import StudioEngine

/// `studio render`: one piece from a prompt, straight to a file, with no state.
enum RenderCommand {
    static let help = """
    usage: studio render --engine KEY --prompt TEXT --duration S -o FILE [options]
           studio render --midi FILE.mid [--soundfont PATH] [--no-effects] -o FILE [options]

    Renders one piece to FILE (48 kHz stereo, mastered to -14 LUFS, true peak <= -1 dBTP).
      --engine KEY      an engine from `studio engines`
      --prompt TEXT     what to play, e.g. "late night lofi, 84 bpm, A minor"
      --duration S      seconds, M:SS or H:MM:SS
      -o, --output FILE where to write; the format follows the extension unless --format says
      --format FMT      wav (16-bit), wav24, wav-float, flac, mp3, ogg, opus, or mid (the score as a
                        Standard MIDI File: composed, not synthesised)
      --seed N          the same seed gives the same audio, bit for bit (default 1)
      --bpm N           tempo, overriding the prompt
      --key "D minor"   key, overriding the prompt
      --title TEXT      the title tag (default: from the mood and key)
      --stems           also write stems beside FILE (FILE's name + .drums.flac, …)
      --threads N       worker threads (default: all cores); never changes the audio
      --date YYYY-MM-DD the date tag (default: today, UTC)
      --json            print the render report as JSON
      --peaks           with --json, include the mix's 200 waveform peaks
      -q, --quiet       no progress or summary

    Playing a Standard MIDI File (format 0 or 1) instead of an engine:
      --midi FILE.mid   play this file through the sampled instruments, reverb and master chain
      --soundfont PATH  the SoundFont to play it with (default: FluidR3_GM, or $STUDIO_SOUNDFONT)
      --no-effects      the dry sum of the voices at unity: no reverb, no loudness gain, no limiter
      (--title, --format, --threads, --date, --json and -q apply too)
    """

    static func run(_ arguments: [String]) throws {
        let command = "studio render"
        let args = try Arguments(
            arguments, command: command,
            valued: ["engine", "prompt", "duration", "output", "format", "seed", "bpm", "key", "title", "threads", "date",
                     "midi", "soundfont"],
            boolean: ["stems", "json", "peaks", "quiet", "help", "no-effects"], aliases: ["o": "output", "q": "quiet", "h": "help"])
        if args.has("help") { print(help); return }
        if args.value("midi") != nil { return try MIDIRenderCommand.run(args) }
        for option in ["soundfont", "no-effects"] where args.value(option) != nil || args.has(option) {
            throw Arguments.UsageError(description: "\(command): --\(option) only applies with --midi")
        }
        let engineKey = try args.required("engine", command: command)
        let prompt = try args.required("prompt", command: command)
        let durationText = try args.required("duration", command: command)
        let output = URL(fileURLWithPath: try args.required("output", command: command))
        let duration: Double
        do { duration = try DurationText.seconds(from: durationText) } catch {
            throw Arguments.UsageError(description: "\(command): --duration: \(error)")
        }
        let format = try outputFormat(args, output: output, command: command)
        try checkWritable(output)
        let seed = try args.parsed("seed", command: command, expected: "a whole number from 0 to 2^64-1") { UInt64($0) } ?? 1
        let bpm = try args.parsed("bpm", command: command, expected: "a tempo from 40 to 200") { text -> Double? in
            guard let v = Double(text), (40...200).contains(v) else { return nil }
            return v
        }
        let key = try args.parsed("key", command: command, expected: "a key such as \"D minor\" or \"F# major\"") {
            MusicalKey(parsing: $0)
        }
        let threads = try threadCount(args, command: command)
        let date = args.value("date") ?? Timestamp.day(Date())
        let quiet = args.has("quiet")
        let request = RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: duration, bpm: bpm, key: key,
                                    seed: seed, title: args.value("title"))
        if format == .mid { return try MIDIExportCommand.run(request, output: output, args: args) }

        var stems: [Stem: URL] = [:]
        if args.has("stems") {
            let base = output.deletingPathExtension()
            for stem in Stem.allCases {
                stems[stem] = URL(fileURLWithPath: base.path + ".\(stem.rawValue).\(format.fileExtension)")
            }
        }
        // Write next to the target and rename at the end, so nobody ever sees a half-written file.
        let partial = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let partialStems = stems.mapValues { url in
            url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        }
        let progress = quiet ? nil : ProgressBar(label: "rendering \(output.lastPathComponent)")
        var options = RenderOptions(threads: threads)
        if let progress {
            options.progress = { fraction in progress.update(fraction) }
        }
        let report: RenderReport
        do {
            report = try Renderer().render(
                request, to: RenderOutput(mix: [(partial, format)], stems: partialStems, date: date), options: options)
            try FileManager.default.moveItemReplacing(partial, to: output)
            for (stem, url) in partialStems {
                if report.stems.contains(stem.rawValue) {
                    try FileManager.default.moveItemReplacing(url, to: stems[stem]!)
                } else {
                    try? FileManager.default.removeItem(at: url)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            partialStems.values.forEach { try? FileManager.default.removeItem(at: $0) }
            progress?.finish()
            throw error
        }
        progress?.finish()
        if args.has("json") {
            print(try reportJSON(report, peaks: args.has("peaks")))
        } else if !quiet {
            print(summary(report, output: output, format: format, stems: report.stems))
        }
    }

    /// --format, or the output file's extension; an extension that names no format is refused
    /// rather than guessed (a `.xyz` file must not silently hold FLAC).
    static func outputFormat(_ args: Arguments, output: URL, command: String) throws -> AudioFormat {
        guard let name = args.value("format") else {
            if let format = AudioFormat(fileName: output.lastPathComponent) { return format }
            let suffix = output.pathExtension.isEmpty ? "no extension" : "the extension .\(output.pathExtension)"
            throw Arguments.UsageError(description: "\(command): cannot tell the format of \(output.lastPathComponent) from "
                                       + "\(suffix): name the file ."
                                       + AudioFormat.knownExtensions.joined(separator: ", .") + ", or give --format")
        }
        guard let chosen = AudioFormat(rawValue: name) else {
            throw Arguments.UsageError(description: "\(command): invalid value for --format: '\(name)' (expected one of "
                                       + AudioFormat.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return chosen
    }

    /// The output's directory must exist and take files, checked before minutes of rendering
    /// and named plainly (not as the temporary file the render writes first).
    static func checkWritable(_ output: URL) throws {
        let directory = output.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("cannot write \(output.path): the directory \(directory.path) does not exist")
        }
        // A real file, not access(2): root passes access() on read-only and virtual file systems.
        let probe = directory.appendingPathComponent(".\(output.lastPathComponent).probe-\(getpid())").path
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CommandError("cannot write \(output.path): \(String(cString: strerror(errno)).lowercased())")
        }
        close(descriptor)
        unlink(probe)
    }

    /// The report as JSON; the waveform peaks (200 numbers) only when asked for with --peaks.
    static func reportJSON(_ report: RenderReport, peaks: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        guard !peaks, var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return String(decoding: data, as: UTF8.self)
        }
        object["peaks"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys,
                                                                                            .withoutEscapingSlashes]), as: UTF8.self)
    }

    static func threadCount(_ args: Arguments, command: String) throws -> Int {
        try args.parsed("threads", command: command, expected: "a whole number from 1 to 64") { text -> Int? in
            guard let v = Int(text), (1...64).contains(v) else { return nil }
            return v
        } ?? ProcessInfo.processInfo.activeProcessorCount
    }

    static func summary(_ report: RenderReport, output: URL, format: AudioFormat, stems: [String]) -> String {
        let i = report.interpretation
        var lines = [
            "wrote \(output.path) (\(format.rawValue), \(String(format: "%.2f", report.durationSeconds)) s, "
                + "\(report.sampleRate) Hz stereo)",
            "  \(report.engineKey) \(report.engineVersion) · \(report.key) (\(i.keySource.rawValue)) · "
                + "\(Int(report.bpm)) bpm (\(i.bpmSource.rawValue)) · seed \(report.seed)",
            "  loudness \(String(format: "%.1f", report.loudnessLUFS)) LUFS · true peak \(String(format: "%.1f", report.truePeakDBTP)) dBTP",
            "  form: \(report.sections.joined(separator: " "))",
            "  licence: \(report.licence.summary)",
        ]
        if !i.recognisedTerms.isEmpty { lines.append("  understood: \(i.recognisedTerms.joined(separator: ", "))") }
        let used = i.words.filter { $0.status == .used }.map { "\($0.text) (\($0.effect))" }
        if !used.isEmpty { lines.append("  words used: \(used.joined(separator: "; "))") }
        let unheard = i.words.filter { $0.status != .used }.map { "\($0.text) (\($0.effect))" }
        if !unheard.isEmpty { lines.append("  words ignored: \(unheard.joined(separator: "; "))") }
        if !i.unsupportedInstruments.isEmpty {
            lines.append("  not available in this engine: \(i.unsupportedInstruments.joined(separator: ", "))")
        }
        if !stems.isEmpty { lines.append("  stems: \(stems.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}

extension FileManager {
    /// rename(2): atomic on one file system, replacing any existing file.
    func moveItemReplacing(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw Arguments.UsageError(description: "cannot move \(source.path) to \(destination.path): "
                                       + String(cString: strerror(errno)))
        }
    }
}
