import Foundation
import StudioCore
import StudioEngine

/// `studio render … -o piece.mid` (or `--format mid`): the piece's score as a Standard MIDI
/// File. It composes exactly what a render would play and writes it without synthesising a
/// sample, so it takes milliseconds; the options that only shape audio are refused by name.
enum MIDIExportCommand {
    static func run(_ request: RenderRequest, output: URL, args: Arguments) throws {
        let command = "studio render"
        if args.has("stems") {
            throw Arguments.UsageError(description: "\(command): --stems cannot be used with a MIDI file (-o \(output.lastPathComponent)): "
                                       + "stems are audio; the MIDI file already has one track per part")
        }
        // Write next to the target and rename at the end, so nobody ever sees a half-written file.
        let partial = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let report: MIDIExportReport
        do {
            report = try Renderer().exportMIDI(request, to: partial)
            try FileManager.default.moveItemReplacing(partial, to: output)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        if args.has("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if !args.has("quiet") {
            print(summary(report, output: output))
        }
    }

    static func summary(_ report: MIDIExportReport, output: URL) -> String {
        let i = report.interpretation
        var lines = [
            "wrote \(output.path) (mid, Standard MIDI File type 1, \(report.tracks) tracks, \(report.noteCount) notes, "
                + "\(String(format: "%.2f", report.durationSeconds)) s)",
            "  \(report.engineKey) \(report.engineVersion) · \(report.key) (\(i.keySource.rawValue)) · "
                + "\(Int(report.bpm)) bpm (\(i.bpmSource.rawValue)) · seed \(report.seed)",
            "  parts: \(report.parts.joined(separator: ", "))",
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
        return lines.joined(separator: "\n")
    }
}
