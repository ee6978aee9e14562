/// The tokens of JSON5: trivia, strings, numbers and identifiers.
extension JSON5Scanner {
    /// Skips whitespace and comments.
    mutating func skipTrivia() throws(SyntaxError) {
        while let scalar = current {
            if Self.isWhitespace(scalar) {
                if !Self.isFoundationWhitespace(scalar) && !(scalar == "\u{FEFF}" && offset == 0) {
                    noteUnsupported("whitespace \(Self.describe(scalar)) is not supported by Foundation's JSON5 parser; "
                                    + "use spaces", at: position)
                }
                advance()
            } else if scalar == "/" && peek(1) == "/" {
                while let next = current, !Self.isLineTerminator(next) { advance() }
            } else if scalar == "/" && peek(1) == "*" {
                let start = position
                advance(); advance()
                while true {
                    guard let next = current else { throw failure("unterminated comment: '/*' without '*/'", at: start) }
                    if next == "*" && peek(1) == "/" { advance(); advance(); break }
                    advance()
                }
            } else if scalar == "/" {
                throw failure("unexpected '/': comments start with '//' or '/*'")
            } else {
                return
            }
        }
    }

    /// Scans a string in either quote and returns its value with escapes resolved.
    mutating func scanString() throws(SyntaxError) -> String {
        let start = position
        guard let quote = current else { throw failure("expected a string") }
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = current else {
                throw failure("unterminated string: no closing \(quote == "'" ? "'" : "\"")", at: start)
            }
            if scalar == quote { advance(); return String(value) }
            if scalar == "\n" || scalar == "\r" {
                throw failure("unterminated string: a line break inside a string must be escaped", at: start)
            }
            if scalar == "\\" {
                try scanEscape(into: &value)
            } else {
                value.append(scalar)
                advance()
            }
        }
    }

    private mutating func scanEscape(into value: inout String.UnicodeScalarView) throws(SyntaxError) {
        let start = position
        advance()
        guard let scalar = current else { throw failure("unterminated escape at the end of the file", at: start) }
        advance()
        switch scalar {
        case "\r":
            if current == "\n" { advance() }   // a line continuation: nothing is added
        case "\n", "\u{2028}", "\u{2029}": break
        case "b": value.append("\u{08}")
        case "f": value.append("\u{0C}")
        case "n": value.append("\n")
        case "r": value.append("\r")
        case "t": value.append("\t")
        case "v":
            noteUnsupported("the escape '\\v' is not supported by Foundation's JSON5 parser; write '\\u000B'", at: start)
            value.append("\u{0B}")
        case "0":
            noteUnsupported("the escape '\\0' is not supported by Foundation's JSON5 parser; write '\\u0000'", at: start)
            if let next = current, ("0"..."9").contains(next) {
                throw failure("invalid escape '\\0\(next)': octal escapes are not allowed", at: start)
            }
            value.append("\u{0}")
        case "1"..."9":
            throw failure("invalid escape '\\\(scalar)'", at: start)
        case "x":
            value.append(try scanHexScalar(digits: 2, escapeStart: start))
        case "u":
            let unit = try scanHexCode(digits: 4, escapeStart: start)
            if (0xD800...0xDBFF).contains(unit), current == "\\", peek(1) == "u" {
                let lowStart = position
                advance(); advance()
                let low = try scanHexCode(digits: 4, escapeStart: lowStart)
                if (0xDC00...0xDFFF).contains(low),
                   let combined = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) {
                    value.append(combined)
                } else {
                    value.append("\u{FFFD}")
                    value.append(Unicode.Scalar(low) ?? "\u{FFFD}")
                }
            } else {
                value.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
            }
        case "'", "\"", "\\", "/":
            value.append(scalar)
        default:
            noteUnsupported("the escape '\\\(scalar)' is not supported by Foundation's JSON5 parser; "
                            + "write the character without '\\'", at: start)
            value.append(scalar)
        }
    }

    private mutating func scanHexCode(digits: Int, escapeStart: SourcePosition) throws(SyntaxError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<digits {
            guard let scalar = current, let digit = Self.hexValue(scalar) else {
                throw failure("invalid escape: expected \(digits) hexadecimal digits", at: escapeStart)
            }
            code = code * 16 + digit
            advance()
        }
        return code
    }

    private mutating func scanHexScalar(digits: Int, escapeStart: SourcePosition) throws(SyntaxError) -> Unicode.Scalar {
        Unicode.Scalar(try scanHexCode(digits: digits, escapeStart: escapeStart)) ?? "\u{FFFD}"
    }

    /// Scans a number: an optional sign, then `Infinity`, `NaN`, `0x…`, or a decimal.
    mutating func scanNumber() throws(SyntaxError) {
        let start = position
        if current == "+" || current == "-" { advance() }
        guard let first = current else { throw failure("unexpected end of file in a number", at: start) }
        if Self.isIdentifierStart(first) {
            let word = try scanIdentifier()
            guard word == "Infinity" || word == "NaN" else {
                throw failure("invalid number: a sign must be followed by digits, Infinity or NaN", at: start)
            }
            return
        }
        if first == "0", let x = peek(1), x == "x" || x == "X" {
            advance(); advance()
            guard let digit = current, Self.hexValue(digit) != nil else {
                throw failure("invalid number: '0x' must be followed by hexadecimal digits", at: start)
            }
            while let digit = current, Self.hexValue(digit) != nil { advance() }
            try requireNumberEnd(start: start)
            return
        }
        var digits = 0
        if first == "0" {
            advance()
            digits = 1
            if let next = current, ("0"..."9").contains(next) {
                throw failure("invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            digits += skipDigits()
        }
        if current == "." {
            advance()
            digits += skipDigits()
        }
        guard digits > 0 else { throw failure("invalid number: expected digits", at: start) }
        if current == "e" || current == "E" {
            advance()
            if current == "+" || current == "-" { advance() }
            guard skipDigits() > 0 else { throw failure("invalid number: expected digits in the exponent", at: start) }
        }
        try requireNumberEnd(start: start)
    }

    private mutating func skipDigits() -> Int {
        var count = 0
        while let scalar = current, ("0"..."9").contains(scalar) { advance(); count += 1 }
        return count
    }

    /// `12px` or `0x1G` is one bad token, better reported as such than as a missing comma.
    private func requireNumberEnd(start: SourcePosition) throws(SyntaxError) {
        if let next = current, Self.isIdentifierPart(next) || next == "." {
            throw failure("invalid number: unexpected \(Self.describe(next)) after the digits", at: start)
        }
    }

    /// Scans an ECMAScript identifier name, resolving `\uXXXX` escapes.
    mutating func scanIdentifier() throws(SyntaxError) -> String {
        var name = String.UnicodeScalarView()
        while let scalar = current {
            if scalar == "\\" {
                let start = position
                advance()
                guard current == "u" else { throw failure("invalid escape in a key: only '\\u' is allowed", at: start) }
                advance()
                let code = try scanHexCode(digits: 4, escapeStart: start)
                guard let resolved = Unicode.Scalar(code),
                      name.isEmpty ? Self.isIdentifierStart(resolved) : Self.isIdentifierPart(resolved) else {
                    throw failure("invalid escape in a key: not a letter, digit, '$' or '_'", at: start)
                }
                name.append(resolved)
            } else if name.isEmpty ? Self.isIdentifierStart(scalar) : Self.isIdentifierPart(scalar) {
                name.append(scalar)
                advance()
            } else {
                break
            }
        }
        return String(name)
    }

    // MARK: Character classes

    static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}": true
        default: scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// The whitespace Foundation's JSON5 parser accepts; the rest of JSON5's is noted.
    static func isFoundationWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ": true
        default: false
        }
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "$", "_", "\\": return true
        default:
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber:
                return true
            default:
                return false
            }
        }
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierStart(scalar) || scalar == "\u{200C}" || scalar == "\u{200D}" { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }

    /// `'x'` for a visible character, `U+000B` for anything else.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(scalar)'"
    }
}
