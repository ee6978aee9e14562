import Foundation
import StudioCore
import StudioEngine

/// `studio engines`: the catalogue as a table, as JSON (`--json`) or as bare keys (`--keys`).
enum EnginesCommand {
    static let help = """
    usage: studio engines [--json | --keys]

    Lists the music engines, their limits and their licence terms.
      --json   the catalogue as JSON, exactly as the API serves it
      --keys   one engine key per line
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, command: "studio engines", valued: [], boolean: ["json", "keys", "help"],
                                 aliases: ["h": "help"])
        if args.has("help") { print(help); return }
        let engines = EngineCatalogue.descriptors
        if args.has("keys") {
            engines.forEach { print($0.engineKey) }
        } else if args.has("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(EngineList(data: engines)), as: UTF8.self))
        } else {
            print(table(engines))
        }
    }

    struct EngineList: Encodable {
        let object = "list"
        let data: [EngineDescriptor]
        let hasMore = false
        enum CodingKeys: String, CodingKey { case object, data, hasMore = "has_more" }
    }

    static func table(_ engines: [EngineDescriptor]) -> String {
        let header = ["ENGINE", "NAME", "MAX", "STEMS", "VOCALS", "LICENCE", "COMMERCIAL", "ATTRIBUTION", "ENABLED"]
        var rows = [header]
        for e in engines {
            rows.append([
                e.engineKey, e.name, DurationText.format(seconds: Double(e.maxDurationSeconds)), e.stems ? "yes" : "no",
                e.vocals ? "yes" : "no", e.licenceClass.rawValue, e.commercialUse ? "yes" : "no",
                e.licence.requiresAttribution ? "required" : "no", e.enabled ? "yes" : "no (\(e.disabledReason ?? ""))",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        lines.append("")
        for e in engines {
            lines.append("\(e.engineKey): \(e.description)")
            if let attribution = e.licence.attribution { lines.append("  attribution: \(attribution)") }
            lines.append("  licence source: \(e.licenceSource)")
        }
        lines.append("")
        lines.append("All engines render \(engines.first.map { "\($0.sampleRate / 1000) kHz" } ?? "") stereo to: "
                     + AudioFormat.allCases.map(\.rawValue).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
