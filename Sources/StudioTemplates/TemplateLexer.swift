/// One piece of template source: literal text or a tag.
enum TemplateToken: Sendable {
    case text(String)
    case tag(TemplateTag)
}

/// A tag as written, before its contents are understood.
struct TemplateTag: Sendable {
    enum Kind: Sendable {
        /// `{{ name }}`
        case escaped
        /// `{{{ name }}}` or `{{& name }}`
        case raw
        /// `{{# name }}`
        case section
        /// `{{^ name }}`
        case invertedSection
        /// `{{/ name }}`
        case close
        /// `{{> name }}`
        case partial
        /// `{{! … }}`
        case comment
        /// `{{else}}`
        case otherwise

        /// Tags that produce no output of their own, and so may stand alone on a line that then
        /// disappears from the output — the Mustache rule that keeps loops from leaving blank lines.
        var mayStandAlone: Bool {
            switch self {
            case .escaped, .raw: false
            case .section, .invertedSection, .close, .partial, .comment, .otherwise: true
            }
        }
    }

    let kind: Kind
    /// The tag's contents with the sigil and surrounding whitespace removed.
    let content: String
    let location: SourceLocation
    /// For a partial alone on its line: the whitespace before it, which indents every line of
    /// the partial's output.
    let indentation: String
}

/// Splits template source into text and tags, applying the standalone-line rule.
///
/// Scanning works on UTF-8 bytes: every delimiter is ASCII, so a multi-byte character can never
/// be mistaken for one. Columns in locations are counted in characters, as editors show them.
struct TemplateLexer {
    private let bytes: [UInt8]
    private let templateName: String
    /// Line bookkeeping, advanced monotonically as tags are found.
    private var line = 1
    private var lineStart = 0
    private var countedUpTo = 0

    init(source: String, templateName: String) {
        bytes = Array(source.utf8)
        self.templateName = templateName
    }

    mutating func tokens() throws(TemplateError) -> [TemplateToken] {
        var tokens: [TemplateToken] = []
        var textStart = 0
        var position = 0
        while let open = find("{{", from: position) {
            let location = locate(open)
            var contentStart = open + 2
            var closer = "}}"
            var kind = TemplateTag.Kind.escaped
            if contentStart < bytes.count {
                switch bytes[contentStart] {
                case UInt8(ascii: "{"): kind = .raw; closer = "}}}"
                case UInt8(ascii: "&"): kind = .raw
                case UInt8(ascii: "#"): kind = .section
                case UInt8(ascii: "^"): kind = .invertedSection
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "!"): kind = .comment
                default: break
                }
                if kind != .escaped { contentStart += 1 }
            }
            guard let close = find(closer, from: contentStart) else {
                throw TemplateError(.unterminatedTag, at: location, "unterminated tag: `\(closer)` is missing for the `{{` here")
            }
            let content = String(decoding: bytes[contentStart..<close], as: UTF8.self).trimmingWhitespace()
            if kind == .escaped && content == "else" { kind = .otherwise }
            let tagEnd = close + closer.utf8.count

            var textEnd = open
            var indentation = ""
            position = tagEnd
            if kind.mayStandAlone, let lineEnd = standaloneLineEnd(tagStart: open, tagEnd: tagEnd) {
                textEnd = lineStart
                indentation = String(decoding: bytes[lineStart..<open], as: UTF8.self)
                position = lineEnd
            }
            if textEnd > textStart {
                tokens.append(.text(String(decoding: bytes[textStart..<textEnd], as: UTF8.self)))
            }
            tokens.append(.tag(TemplateTag(kind: kind, content: content, location: location, indentation: indentation)))
            textStart = position
        }
        if bytes.count > textStart {
            tokens.append(.text(String(decoding: bytes[textStart...], as: UTF8.self)))
        }
        return tokens
    }

    /// If the tag spanning `tagStart..<tagEnd` is alone on its line (only spaces and tabs
    /// around it), the offset just past that line's end (its newline, or the end of the source).
    /// Uses the line start found by `locate`, which ran for this tag.
    private func standaloneLineEnd(tagStart: Int, tagEnd: Int) -> Int? {
        guard bytes[lineStart..<tagStart].allSatisfy(Self.isBlank) else { return nil }
        var after = tagEnd
        while after < bytes.count && Self.isBlank(bytes[after]) { after += 1 }
        if after == bytes.count { return after }
        if bytes[after] == UInt8(ascii: "\n") { return after + 1 }
        if bytes[after] == UInt8(ascii: "\r"), after + 1 < bytes.count, bytes[after + 1] == UInt8(ascii: "\n") { return after + 2 }
        return nil
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// The line and column of `offset`, advancing the line bookkeeping to it.
    private mutating func locate(_ offset: Int) -> SourceLocation {
        while countedUpTo < offset {
            if bytes[countedUpTo] == UInt8(ascii: "\n") {
                line += 1
                lineStart = countedUpTo + 1
            }
            countedUpTo += 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return SourceLocation(template: templateName, line: line, column: column)
    }

    /// The offset of the next `needle` at or after `start`.
    private func find(_ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
