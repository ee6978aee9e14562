import Foundation
import StudioCore

/// Typed reading of single values: each returns nil after reporting what was wrong.
extension RecipeFileReader {
    static let durationExpectation = "a duration (\"M:SS\", \"H:MM:SS\" or a number of seconds)"
    static let bpmRange = 20.0...300.0

    mutating func string(_ value: JSON5Value, at path: JSON5Path, expected: String = "a string") -> String? {
        guard case .string(let text) = value else {
            mismatch(at: path, expected: expected, found: value)
            return nil
        }
        return text
    }

    /// A string with something in it besides spaces: prompts, titles, display names. Control
    /// characters are refused (`TextRules`): all of them by default, all but tab and line feed
    /// where `allowing` says so (prompts).
    mutating func text(_ value: JSON5Value, at path: JSON5Path, allowing allowed: Set<Unicode.Scalar> = []) -> String? {
        guard let text = string(value, at: path, expected: "a non-empty string") else { return nil }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            invalid(at: path, expected: "a non-empty string", found: value)
            return nil
        }
        return isFreeOfControls(text, at: path, allowing: allowed) ? text : nil
    }

    /// A string that may be empty and span lines (descriptions): tab and line feed allowed.
    mutating func multiLineString(_ value: JSON5Value, at path: JSON5Path) -> String? {
        guard let text = string(value, at: path) else { return nil }
        return isFreeOfControls(text, at: path, allowing: TextRules.multiLine) ? text : nil
    }

    /// Reports the first control character `text` may not hold, at the value's place.
    mutating func isFreeOfControls(_ text: String, at path: JSON5Path, allowing allowed: Set<Unicode.Scalar>) -> Bool {
        guard let control = TextRules.firstControl(in: text, allowing: allowed) else { return true }
        let rule = allowed.isEmpty ? "one line without control characters"
            : "text without control characters other than tab and line feed"
        report("\(Self.label(path)): expected \(rule), got the control character \(TextRules.name(control))",
               at: index.valuePosition(of: path))
        return false
    }

    mutating func slug(_ value: JSON5Value, at path: JSON5Path, what: String) -> String? {
        let expectation = "a slug (\(Slug.rule))"
        guard let text = string(value, at: path, expected: expectation) else { return nil }
        guard Slug.isValid(text) else {
            invalid(at: path, expected: expectation, found: value)
            return nil
        }
        return text
    }

    mutating func bool(_ value: JSON5Value, at path: JSON5Path) -> Bool? {
        guard case .bool(let flag) = value else {
            mismatch(at: path, expected: "true or false", found: value)
            return nil
        }
        return flag
    }

    /// `"1:30"`, `"1:02:03"`, `"90"` or `90`; more than zero seconds unless `allowsZero`.
    mutating func duration(_ value: JSON5Value, at path: JSON5Path, allowsZero: Bool = false) -> Double? {
        let seconds: Double
        switch value {
        case .string(let text):
            guard let parsed = try? DurationText.seconds(from: text) else {
                invalid(at: path, expected: Self.durationExpectation, found: value)
                return nil
            }
            seconds = parsed
        case .integer, .number:
            seconds = value.doubleValue ?? .nan
        default:
            mismatch(at: path, expected: Self.durationExpectation, found: value)
            return nil
        }
        guard seconds.isFinite, seconds > 0 || (allowsZero && seconds == 0) else {
            let bound = allowsZero ? " of zero or more" : " longer than zero"
            invalid(at: path, expected: Self.durationExpectation + bound, found: value)
            return nil
        }
        return seconds
    }

    mutating func bpm(_ value: JSON5Value, at path: JSON5Path) -> Double? {
        let expectation = "a number between 20 and 300"
        guard let bpm = value.doubleValue else {
            mismatch(at: path, expected: expectation, found: value)
            return nil
        }
        guard Self.bpmRange.contains(bpm) else {
            invalid(at: path, expected: expectation, found: value)
            return nil
        }
        return bpm
    }

    mutating func key(_ value: JSON5Value, at path: JSON5Path) -> MusicalKey? {
        let expectation = "a key such as \"D major\" or \"F# minor\""
        guard let text = string(value, at: path, expected: expectation) else { return nil }
        guard let key = MusicalKey(parsing: text) else {
            invalid(at: path, expected: expectation, found: value)
            return nil
        }
        return key
    }

    mutating func seed(_ value: JSON5Value, at path: JSON5Path) -> UInt64? {
        let expectation = "a non-negative integer"
        switch value {
        case .integer(let number) where number >= 0:
            return UInt64(number)
        case .integer, .number:
            invalid(at: path, expected: expectation, found: value)
        default:
            mismatch(at: path, expected: expectation, found: value)
        }
        return nil
    }

    /// A non-empty list of known formats, each once, at least one of them audio.
    mutating func formats(_ value: JSON5Value, at path: JSON5Path) -> [AudioFormat]? {
        let known = AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .array(let elements) = value else {
            mismatch(at: path, expected: "an array of formats (\(known))", found: value)
            return nil
        }
        guard !elements.isEmpty else {
            invalid(at: path, expected: "at least one format (\(known))", found: value, note: "an empty list")
            return nil
        }
        var formats: [AudioFormat] = []
        var allValid = true
        for (offset, element) in elements.enumerated() {
            let elementPath = path.appending(index: offset)
            guard let name = string(element, at: elementPath, expected: "a format name (\(known))") else {
                allValid = false
                continue
            }
            guard let format = AudioFormat(rawValue: name) else {
                report("\(Self.label(elementPath)): unknown format \"\(name)\"; known formats: \(known)",
                       at: index.valuePosition(of: elementPath))
                allValid = false
                continue
            }
            if formats.contains(format) {
                report("\(Self.label(elementPath)): format \"\(name)\" is listed twice", at: index.valuePosition(of: elementPath))
                allValid = false
                continue
            }
            formats.append(format)
        }
        if allValid && !formats.contains(where: \.isAudio) {
            // The track is played, measured and drawn from its audio; the score rides beside it.
            report("\(Self.label(path)): \"mid\" is the score, not audio; list an audio format with it, e.g. [\"flac\", \"mid\"]",
                   at: index.valuePosition(of: path))
            return nil
        }
        return allValid ? formats : nil
    }

    mutating func timestamp(_ value: JSON5Value, at path: JSON5Path) -> Date? {
        let expectation = "an RFC 3339 timestamp such as \"2027-06-30T00:00:00Z\""
        guard let text = string(value, at: path, expected: expectation) else { return nil }
        guard let date = RFC3339Timestamp.date(from: text) else {
            invalid(at: path, expected: expectation, found: value)
            return nil
        }
        return date
    }

    /// The engine named by `value`, if it exists and is enabled.
    mutating func engine(_ value: JSON5Value, at path: JSON5Path) -> EngineDescriptor? {
        guard let key = string(value, at: path, expected: "an engine key such as \"\(engines.knownKeys.first ?? "ambient-1")\"") else {
            return nil
        }
        switch engines.lookUp(key) {
        case .success(let engine):
            return engine
        case .failure(let problem):
            report(engines.message(for: problem, key: key), at: index.valuePosition(of: path))
            return nil
        }
    }

    /// Reports a duration longer than `engine` renders in one piece.
    mutating func checkDuration(_ seconds: Double, at path: JSON5Path, engine: EngineDescriptor) -> Bool {
        guard seconds > Double(engine.maxDurationSeconds) else { return true }
        report("\(Self.label(path)): \(DurationText.format(seconds: seconds)) (\(RecipeTrack.canonicalNumber(seconds)) s) is over "
               + "the \(engine.maxDurationSeconds) s limit of engine \"\(engine.engineKey)\"",
               at: index.valuePosition(of: path))
        return false
    }
}
