/// The single pass behind `JSON5PositionIndex`: a recursive-descent recogniser that records
/// positions as it goes and stops at the first syntax error.
struct JSON5Scanner {
    typealias SyntaxError = JSON5PositionIndex.SyntaxError

    /// Deeper documents are refused rather than risking the stack; recipes nest four levels.
    static let maximumDepth = 256

    let scalars: [Unicode.Scalar]
    var offset = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    var entries: [JSON5Path: JSON5PositionIndex.Entry] = [:]
    var keyOrder: [JSON5Path: [String]] = [:]
    var duplicateKeys: [JSON5PositionIndex.DuplicateKey] = []
    /// The first construct that is valid JSON5 but refused by Foundation's parser.
    var firstUnsupported: SyntaxError?

    init(text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var position: SourcePosition { SourcePosition(line: line, column: offset - lineStart + 1) }
    var current: Unicode.Scalar? { offset < scalars.count ? scalars[offset] : nil }
    func peek(_ ahead: Int) -> Unicode.Scalar? {
        offset + ahead < scalars.count ? scalars[offset + ahead] : nil
    }

    /// Steps over one scalar, counting lines the way JSON5 does: LF, CR, CR LF, U+2028, U+2029.
    mutating func advance() {
        guard let scalar = current else { return }
        offset += 1
        switch scalar {
        case "\n", "\u{2028}", "\u{2029}":
            line += 1
            lineStart = offset
        case "\r" where current != "\n":
            line += 1
            lineStart = offset
        default:
            break
        }
    }

    /// Notes valid JSON5 that Foundation's parser refuses, so that its refusal can be placed.
    mutating func noteUnsupported(_ message: String, at position: SourcePosition) {
        if firstUnsupported == nil { firstUnsupported = SyntaxError(position: position, message: message) }
    }

    func failure(_ message: String, at position: SourcePosition? = nil) -> SyntaxError {
        SyntaxError(position: position ?? self.position, message: message)
    }

    mutating func scanDocument() throws(SyntaxError) {
        try skipTrivia()
        guard current != nil else { throw failure("empty document: expected a value") }
        try scanValue(at: .root, key: nil)
        try skipTrivia()
        if let extra = current {
            throw failure("unexpected \(Self.describe(extra)) after the end of the document")
        }
    }

    /// Scans one value; `path` is nil for the value of a duplicate key, whose places are not kept.
    mutating func scanValue(at path: JSON5Path?, key: SourcePosition?) throws(SyntaxError) {
        try skipTrivia()
        guard let scalar = current else { throw failure("unexpected end of file: expected a value") }
        if let path { entries[path] = .init(key: key, value: position) }
        switch scalar {
        case "{": try scanObject(at: path)
        case "[": try scanArray(at: path)
        case "\"", "'": _ = try scanString()
        case "+", "-", ".", "0"..."9": try scanNumber()
        default:
            guard Self.isIdentifierStart(scalar) else {
                throw failure("unexpected \(Self.describe(scalar)): expected a value")
            }
            let start = position
            let word = try scanIdentifier()
            switch word {
            case "true", "false", "null", "Infinity", "NaN": break
            default:
                throw failure("unexpected word \"\(word)\": expected a value (text needs quotes)", at: start)
            }
        }
    }

    mutating func enterContainer() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("nested more than \(Self.maximumDepth) levels deep") }
        advance()
    }

    mutating func scanObject(at path: JSON5Path?) throws(SyntaxError) {
        try enterContainer()
        var firstPlaces: [String: SourcePosition] = [:]
        var order: [String] = []
        defer { depth -= 1 }
        while true {
            try skipTrivia()
            guard let scalar = current else { throw failure("unexpected end of file: expected a key or '}'") }
            if scalar == "}" { advance(); break }
            let keyPosition = position
            let key: String
            if scalar == "\"" || scalar == "'" {
                key = try scanString()
            } else if Self.isIdentifierStart(scalar) {
                key = try scanIdentifier()
            } else {
                throw failure("unexpected \(Self.describe(scalar)): expected a key or '}'")
            }
            try skipTrivia()
            guard current == ":" else {
                throw failure("expected ':' after the key \"\(key)\"")
            }
            advance()
            if let path, let first = firstPlaces[key] {
                duplicateKeys.append(.init(path: path.appending(key: key), position: keyPosition, firstPosition: first))
                try scanValue(at: nil, key: keyPosition)
            } else {
                firstPlaces[key] = keyPosition
                order.append(key)
                try scanValue(at: path?.appending(key: key), key: keyPosition)
            }
            try skipTrivia()
            if current == "," { advance(); continue }
            if current == "}" { advance(); break }
            guard let next = current else { throw failure("unexpected end of file: expected ',' or '}'") }
            throw failure("unexpected \(Self.describe(next)) after the value of \"\(key)\": expected ',' or '}'")
        }
        if let path { keyOrder[path] = order }
    }

    mutating func scanArray(at path: JSON5Path?) throws(SyntaxError) {
        try enterContainer()
        defer { depth -= 1 }
        var index = 0
        while true {
            try skipTrivia()
            guard let scalar = current else { throw failure("unexpected end of file: expected a value or ']'") }
            if scalar == "]" { advance(); return }
            if scalar == "," { throw failure("unexpected ',': expected a value or ']'") }
            try scanValue(at: path?.appending(index: index), key: nil)
            index += 1
            try skipTrivia()
            if current == "," { advance(); continue }
            if current == "]" { advance(); return }
            guard let next = current else { throw failure("unexpected end of file: expected ',' or ']'") }
            throw failure("unexpected \(Self.describe(next)) after an array element: expected ',' or ']'")
        }
    }
}
