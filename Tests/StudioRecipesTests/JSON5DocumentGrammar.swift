import StudioFuzzSupport
@testable import StudioRecipes

/// Writes random JSON5 documents in every style the grammar allows — either quote, unquoted
/// keys, hex and signed numbers, `Infinity`, comments, trailing commas, CR LF and U+2028 line
/// breaks, escaped line continuations — and notes, as it writes, the line and column where each
/// key and value begins: the answer `JSON5PositionIndex` must give.
struct JSON5DocumentGrammar {
    private(set) var text = ""
    private(set) var entries: [JSON5Path: JSON5PositionIndex.Entry] = [:]
    private(set) var keyOrder: [JSON5Path: [String]] = [:]
    private var line = 1
    private var column = 1
    private var pendingCR = false

    /// A document with an object at its root (as recipes have), at most `depth` levels deep.
    static func document(depth: Int, using random: inout FuzzRandom) -> JSON5DocumentGrammar {
        var writer = JSON5DocumentGrammar()
        writer.trivia(using: &random)
        writer.object(at: .root, key: nil, depth: depth, using: &random)
        writer.trivia(using: &random)
        return writer
    }

    /// Where the next scalar goes. After a bare CR that is the next line; keys and values never
    /// start with the LF that would make it a CR LF.
    private var position: SourcePosition { pendingCR ? SourcePosition(line: line + 1, column: 1) : SourcePosition(line: line, column: column) }

    /// Appends `piece`, counting lines the way JSON5 does: LF, CR, CR LF, U+2028 and U+2029.
    private mutating func write(_ piece: String) {
        for scalar in piece.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if scalar != "\n" { line += 1; column = 1 }
            }
            switch scalar {
            case "\n", "\u{2028}", "\u{2029}": line += 1; column = 1
            case "\r": column += 1; pendingCR = true
            default: column += 1
            }
        }
        text += piece
    }

    private mutating func trivia(using random: inout FuzzRandom) {
        for _ in 0..<(random.chance(0.5) ? 0 : random.int(1...3)) {
            write(random.pick([" ", "  ", "\t", "\n", "\r\n", "\r", "\u{2028}", "// a comment, {not: code}\n", "/* one\n two */",
                               "/**/", "\u{A0}", "\u{FEFF}"]))
        }
    }

    private static let keys: [(raw: String, decoded: String)] = [
        ("a", "a"), ("tracks", "tracks"), ("_x$1", "_x$1"), ("$", "$"), ("\"two words\"", "two words"), ("'single'", "single"),
        ("\"\\u0041b\"", "Ab"), ("\"é\"", "é"), ("é2", "é2"), ("\"\"", ""), ("'it\\'s'", "it's"), ("\"line\\\nbreak\"", "linebreak"),
        ("\"tab\\t\"", "tab\t"), ("\"🎵\"", "🎵"), ("\"\\\\\"", "\\"), ("b", "b"), ("c", "c"), ("Infinity", "Infinity"),
    ]

    private static let scalars = ["0", "-2.5", "+1", ".5", "5.", "0x1F", "-0XaB", "1e3", "2E-2", "Infinity", "-Infinity", "NaN",
                                  "true", "false", "null", "\"text\"", "'single'", "\"esc \\\" \\n \\u00e9 \\x41\"",
                                  "\"con\\\ntinued\"", "\"con\\\r\ntinued\"", "'🎵 é'", "\"\"", "'\\u2028'", "123456789012345678901234567890"]

    private mutating func value(at path: JSON5Path, key: SourcePosition?, depth: Int, using random: inout FuzzRandom) {
        let roll = depth > 0 ? random.int(0...9) : 9
        switch roll {
        case 0, 1: object(at: path, key: key, depth: depth - 1, using: &random)
        case 2: array(at: path, key: key, depth: depth - 1, using: &random)
        default:
            entries[path] = .init(key: key, value: position)
            write(random.pick(Self.scalars))
        }
    }

    private mutating func object(at path: JSON5Path, key: SourcePosition?, depth: Int, using random: inout FuzzRandom) {
        entries[path] = .init(key: key, value: position)
        write("{")
        var used: Set<String> = []
        var order: [String] = []
        let count = random.int(0...4)
        for index in 0..<count {
            trivia(using: &random)
            let (raw, decoded) = random.pick(Self.keys)
            if used.contains(decoded) { continue }
            used.insert(decoded)
            order.append(decoded)
            let keyPosition = position
            write(raw)
            trivia(using: &random)
            write(":")
            trivia(using: &random)
            value(at: path.appending(key: decoded), key: keyPosition, depth: depth, using: &random)
            trivia(using: &random)
            if index < count - 1 || random.chance(0.4) { write(",") }
        }
        trivia(using: &random)
        write("}")
        keyOrder[path] = order
    }

    private mutating func array(at path: JSON5Path, key: SourcePosition?, depth: Int, using random: inout FuzzRandom) {
        entries[path] = .init(key: key, value: position)
        write("[")
        let count = random.int(0...4)
        for index in 0..<count {
            trivia(using: &random)
            value(at: path.appending(index: index), key: nil, depth: depth, using: &random)
            trivia(using: &random)
            if index < count - 1 || random.chance(0.4) { write(",") }
        }
        trivia(using: &random)
        write("]")
    }
}
