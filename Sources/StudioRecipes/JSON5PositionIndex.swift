/// Where every key and value of a JSON5 text starts, by key path.
///
/// Foundation's JSON5 parser gives back values but no positions, silently keeps one of two
/// duplicate keys, and says only "not valid JSON" on a syntax error. This index fills those gaps:
/// one pass over the text records the line and column of each key and value, the order of the
/// keys of each object, every duplicate key, and the first syntax error with its place.
///
/// It follows the JSON5 grammar (https://spec.json5.org): `//` and `/* */` comments, strings in
/// either quote with every escape, unquoted identifier keys, trailing commas, and numbers such as
/// `+1`, `.5`, `5.`, `0x1F`, `Infinity` and `NaN`.
struct JSON5PositionIndex: Sendable {
    /// The places of one member: its key (nil for array elements and the root) and its value.
    struct Entry: Sendable, Equatable {
        var key: SourcePosition?
        var value: SourcePosition
    }

    /// A key written twice in one object; `path` is the path both occurrences share.
    struct DuplicateKey: Sendable, Equatable {
        var path: JSON5Path
        var position: SourcePosition
        var firstPosition: SourcePosition
    }

    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        var position: SourcePosition
        var message: String
        var description: String { "\(position): \(message)" }
    }

    private(set) var entries: [JSON5Path: Entry] = [:]
    private(set) var keyOrder: [JSON5Path: [String]] = [:]
    private(set) var duplicateKeys: [DuplicateKey] = []
    /// The first syntax error; entries before it are still recorded.
    private(set) var syntaxError: SyntaxError?
    /// The first construct that JSON5 allows but Foundation's parser refuses (`\v`, `\0`, a
    /// needless escape such as `\q`, non-ASCII whitespace): where to point when Foundation says
    /// only "not valid".
    private(set) var firstUnsupported: SyntaxError?

    init(scanning text: String) {
        var scanner = JSON5Scanner(text: text)
        do {
            try scanner.scanDocument()
        } catch {
            syntaxError = error
        }
        entries = scanner.entries
        keyOrder = scanner.keyOrder
        duplicateKeys = scanner.duplicateKeys
        firstUnsupported = scanner.firstUnsupported
    }

    subscript(path: JSON5Path) -> Entry? { entries[path] }

    /// The keys of the object at `path` in the order written, each once.
    func keys(of path: JSON5Path) -> [String] { keyOrder[path] ?? [] }

    /// Where to point a message about `path`: its key, or else its value; a path that was never
    /// written (a missing field) borrows the place of its nearest written ancestor.
    func position(of path: JSON5Path) -> SourcePosition {
        var current = path
        while true {
            if let entry = entries[current] { return entry.key ?? entry.value }
            if current.components.isEmpty { return .start }
            current = current.parent
        }
    }

    /// Where the value at `path` starts, falling back as `position(of:)` does.
    func valuePosition(of path: JSON5Path) -> SourcePosition {
        entries[path]?.value ?? position(of: path)
    }
}
