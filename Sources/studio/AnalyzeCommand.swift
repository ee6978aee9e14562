import Foundation
import StudioAudio

/// `studio analyze FILE…`: what our own meters hear in any audio file — loudness, true peak,
/// tempo and key — so that a render (or anything else) can be checked without other tools.
enum AnalyzeCommand {
    static let help = """
    usage: studio analyze FILE... [--json]

    Measures each file: duration, integrated loudness (ITU-R BS.1770-4 / EBU R128), true peak,
    estimated tempo (onset autocorrelation) and key (Krumhansl–Schmuckler).
    """

    struct Analysis: Encodable {
        let file: String
        let durationSeconds: Double
        let sampleRate: Int
        let loudnessLUFS: Double
        let truePeakDBTP: Double
        let tempoBPM: Double
        let key: String
        let keyCorrelation: Double

        enum CodingKeys: String, CodingKey {
            case file, durationSeconds = "duration_seconds", sampleRate = "sample_rate", loudnessLUFS = "loudness_lufs"
            case truePeakDBTP = "true_peak_dbtp", tempoBPM = "tempo_bpm", key, keyCorrelation = "key_correlation"
        }
    }

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, command: "studio analyze", valued: [], boolean: ["json", "help"],
                                 aliases: ["h": "help"])
        if args.has("help") { print(help); return }
        guard !args.positionals.isEmpty else {
            throw Arguments.UsageError(description: "studio analyze: name at least one audio file")
        }
        var results: [Analysis] = []
        for path in args.positionals {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandError("\(path): no such file")
            }
            let reader = try AudioFileReader(url: URL(fileURLWithPath: path))
            let (left, right) = try reader.readAll()
            let rate = Double(reader.sampleRate)
            var meter = LoudnessMeter(sampleRate: rate)
            meter.process(left: left, right: right)
            let key = KeyEstimator.estimate(chroma: ChromaAnalysis.chroma(left: left, right: right, sampleRate: rate))
            results.append(Analysis(
                file: path, durationSeconds: Double(reader.frames) / rate, sampleRate: reader.sampleRate,
                loudnessLUFS: meter.integratedLoudness, truePeakDBTP: meter.truePeakDBTP,
                tempoBPM: TempoEstimator.estimate(left: left, right: right, sampleRate: rate, range: 50...200),
                key: key.key.description, keyCorrelation: key.correlation))
        }
        if args.has("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            for a in results {
                print(String(format: "%@: %.2f s, %d Hz, %.1f LUFS, %.1f dBTP, %.1f bpm, %@ (r = %.2f)", a.file, a.durationSeconds,
                             a.sampleRate, a.loudnessLUFS, a.truePeakDBTP, a.tempoBPM, a.key, a.keyCorrelation))
            }
        }
    }
}
