import Foundation
import StudioCore

/// Reads one recipe file into a draft, reporting every problem it finds on the way rather than
/// stopping at the first: syntax, unknown fields, types, values and engines. Problems that need
/// the other files (duplicate names across files, references) are `RecipeSetChecks`' job.
struct RecipeFileReader {
    let path: String
    let index: JSON5PositionIndex
    let engines: EngineCatalogue
    var draft: RecipeFileDraft
    var diagnostics: [RecipeDiagnostic] = []

    static let topLevelFields = ["organization", "tracks", "collections", "shares", "focus"]

    /// Reads `text`, the contents of the file at `path`.
    static func read(path: String, text: String, engines: EngineCatalogue) -> (RecipeFileDraft, [RecipeDiagnostic]) {
        var reader = RecipeFileReader(path: path, index: JSON5PositionIndex(scanning: text), engines: engines)
        reader.readDocument(text: text)
        return (reader.draft, reader.diagnostics)
    }

    private init(path: String, index: JSON5PositionIndex, engines: EngineCatalogue) {
        self.path = path
        self.index = index
        self.engines = engines
        self.draft = RecipeFileDraft(path: path)
    }

    private mutating func readDocument(text: String) {
        if let error = index.syntaxError {
            draft.parsed = false
            report("syntax error: \(error.message)", at: error.position)
            return
        }
        guard let root = JSON5Value.parse(Data(text.utf8)) else {
            // The scanner follows the JSON5 grammar; Foundation refuses a few corners of it.
            draft.parsed = false
            if let unsupported = index.firstUnsupported {
                report("syntax error: \(unsupported.message)", at: unsupported.position)
            } else {
                report("syntax error: not valid JSON5 (Foundation's parser rejected the file)", at: .start)
            }
            return
        }
        reportDuplicateKeys()
        guard let fields = object(root, at: .root, subject: "a recipe file", allowed: Self.topLevelFields) else { return }
        if let organization = require(fields, "organization") {
            draft.organization = slug(organization, at: fields.path("organization"), what: "organization")
        }
        if let tracks = fields["tracks"] {
            forEachMember(tracks, at: fields.path("tracks"), kind: "track", declared: \.declaredTracks) { reader, name, value, path in
                reader.readTrack(named: name, value, at: path)
            }
        }
        if let collections = fields["collections"] {
            forEachMember(collections, at: fields.path("collections"), kind: "collection", declared: \.declaredCollections) {
                reader, name, value, path in reader.readCollection(named: name, value, at: path)
            }
        }
        if let shares = fields["shares"] {
            let path = fields.path("shares")
            if case .array(let elements) = shares {
                for (offset, element) in elements.enumerated() {
                    readShare(element, at: path.appending(index: offset))
                }
            } else {
                mismatch(at: path, expected: "an array of shares", found: shares)
            }
        }
        if let focus = fields["focus"] {
            forEachMember(focus, at: fields.path("focus"), kind: "focus session", declared: \.declaredFocusSessions) {
                reader, name, value, path in reader.readFocusSession(named: name, value, at: path)
            }
        }
    }

    /// Foundation keeps one value of a key written twice; a recipe must not depend on which.
    private mutating func reportDuplicateKeys() {
        for duplicate in index.duplicateKeys {
            guard case .key(let key)? = duplicate.path.components.last else { continue }
            let parent = duplicate.path.parent
            let kind: String? = switch parent {
            case ["tracks"]: "track"
            case ["collections"]: "collection"
            case ["focus"]: "focus session"
            default: nil
            }
            if let kind {
                report("duplicate \(kind) \"\(key)\": first declared at \(duplicate.firstPosition)", at: duplicate.position)
            } else {
                report("duplicate key \"\(key)\": first written at \(duplicate.firstPosition); a key may appear once per object",
                       at: duplicate.position)
            }
        }
    }

    /// Walks a name → object map such as `tracks`, checking each name and recording it.
    private mutating func forEachMember(
        _ value: JSON5Value, at path: JSON5Path, kind: String,
        declared: WritableKeyPath<RecipeFileDraft, [RecipeFileDraft.Name]>,
        read: (inout RecipeFileReader, String, JSON5Value, JSON5Path) -> Void
    ) {
        guard case .object(let members) = value else {
            mismatch(at: path, expected: "an object of \(kind)s by name", found: value)
            return
        }
        for name in orderedKeys(of: members, at: path) {
            guard let member = members[name] else { continue }
            let memberPath = path.appending(key: name)
            draft[keyPath: declared].append(.init(name: name, position: index.position(of: memberPath)))
            if !Slug.isValid(name) {
                report("\(kind) name \"\(name)\" is not a valid name: use \(Slug.rule)", at: index.position(of: memberPath))
            }
            read(&self, name, member, memberPath)
        }
    }

    // MARK: Reporting

    mutating func report(_ message: String, at position: SourcePosition?) {
        diagnostics.append(RecipeDiagnostic(file: path, position: position, message: message))
    }

    /// Reports a value of the wrong type: "bpm: expected a number between 20 and 300, got a string".
    mutating func mismatch(at path: JSON5Path, expected: String, found: JSON5Value) {
        report("\(Self.label(path)): expected \(expected), got \(found.kindDescription)", at: index.valuePosition(of: path))
    }

    /// Reports a value of the right type that is not allowed: "bpm: expected …, got 500".
    mutating func invalid(at path: JSON5Path, expected: String, found: JSON5Value, note: String? = nil) {
        let detail = note.map { " (\($0))" } ?? ""
        report("\(Self.label(path)): expected \(expected), got \(Self.render(found))\(detail)", at: index.valuePosition(of: path))
    }

    /// How a message names a field: `bpm`, `formats[1]`, or `shares[0]` for an array element.
    static func label(_ path: JSON5Path) -> String {
        let components = path.components
        switch (components.dropLast().last, components.last) {
        case (.key(let parent)?, .index(let offset)?): return "\(parent)[\(offset)]"
        case (_, .key(let key)?): return key
        case (_, .index(let offset)?): return "[\(offset)]"
        default: return "document"
        }
    }

    /// A found value as it would be written, shortened if long.
    static func render(_ value: JSON5Value) -> String {
        switch value {
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return RecipeTrack.canonicalString(shown)
        case .integer(let number): return String(number)
        case .number(let number) where number.isNaN: return "NaN"
        case .number(let number) where number.isInfinite: return number < 0 ? "-Infinity" : "Infinity"
        case .number(let number): return RecipeTrack.canonicalNumber(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return value.kindDescription
        }
    }

    // MARK: Objects and fields

    /// The members of one object being read, with where it sits and how messages name it.
    struct Fields {
        var path: JSON5Path
        var members: [String: JSON5Value]
        /// `track "sunrise"`, `shares[0]`: the object as a whole, in messages about it.
        var subject: String

        subscript(field: String) -> JSON5Value? { members[field] }
        func path(_ field: String) -> JSON5Path { path.appending(key: field) }
    }

    /// Checks that `value` is an object with no fields outside `allowed`.
    mutating func object(_ value: JSON5Value, at path: JSON5Path, subject: String, allowed: [String]) -> Fields? {
        guard case .object(let members) = value else {
            mismatch(at: path, expected: "an object (\(subject)) with " + allowed.joined(separator: ", "), found: value)
            return nil
        }
        for key in orderedKeys(of: members, at: path) where !allowed.contains(key) {
            report("unknown field \"\(key)\" in \(subject); allowed: " + allowed.joined(separator: ", "),
                   at: index.position(of: path.appending(key: key)))
        }
        return Fields(path: path, members: members, subject: subject)
    }

    /// A required field's value, or nil after reporting it missing (at the object's key).
    mutating func require(_ fields: Fields, _ field: String) -> JSON5Value? {
        if let value = fields[field] { return value }
        report("\(fields.subject) is missing the required field \"\(field)\"", at: index.position(of: fields.path))
        return nil
    }

    /// Keys in the order written; Foundation's dictionary has none.
    func orderedKeys(of members: [String: JSON5Value], at path: JSON5Path) -> [String] {
        let written = index.keys(of: path).filter { members[$0] != nil }
        let unwritten = members.keys.filter { !written.contains($0) }.sorted()
        return written + unwritten
    }
}
