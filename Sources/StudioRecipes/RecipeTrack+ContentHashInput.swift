import Foundation

extension RecipeTrack {
    /// The inputs that decide what a render of this track produces, as one canonical text whose
    /// hash tells the build whether the track must be rendered again (CONTRACT §9).
    ///
    /// It is compact JSON with its keys sorted and no spaces, so that the same inputs give the
    /// same bytes on every machine, and so that editing the recipe's layout, comments, key order,
    /// the spelling of the key ("d maj" for "D major"), the duration's notation ("1:30" for 90) or
    /// the order of the formats changes nothing. The title and `save` are left out: neither
    /// changes a sample. The engine's version is not known here; the caller adds it before hashing.
    ///
    ///     {"bpm":64,"duration_seconds":90,"engine_key":"ambient-1","formats":["flac","mp3"],
    ///      "key":"D major","prompt":"warm evolving pads","seed":7,"stems":true}
    public var contentHashInput: String {
        let members: [(String, String)] = [
            ("bpm", bpm.map(Self.canonicalNumber) ?? "null"),
            ("duration_seconds", Self.canonicalNumber(durationSeconds)),
            ("engine_key", Self.canonicalString(engineKey)),
            ("formats", "[" + formats.map(\.rawValue).sorted().map(Self.canonicalString).joined(separator: ",") + "]"),
            ("key", key.map { Self.canonicalString($0.description) } ?? "null"),
            ("prompt", Self.canonicalString(prompt)),
            ("seed", seed.map { String($0) } ?? "null"),
            ("stems", stems ? "true" : "false"),
        ]
        return "{" + members.map { "\(Self.canonicalString($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// `contentHashInput` as UTF-8, ready for a hash function.
    public var contentHashInputData: Data { Data(contentHashInput.utf8) }

    /// Whole numbers without a fraction ("90", not "90.0"); others in Swift's shortest
    /// round-tripping form, which is the same on every platform.
    static func canonicalNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 0x1p53 { return String(Int64(value)) }
        return String(describing: value)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, nothing else.
    static func canonicalString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
