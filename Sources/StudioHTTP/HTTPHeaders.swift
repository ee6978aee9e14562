/// The header fields of a request or a response.
///
/// Field names compare case-insensitively (RFC 9110 §5.1), the order in which fields arrived is
/// kept (it matters for fields that may be repeated, like `Set-Cookie` or `Vary`), and a name may
/// appear several times. Lookups are linear: a message has a few dozen fields at most, and a
/// dictionary would lose the order.
public struct HTTPHeaders: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One field line: its name as received or written, and its value without surrounding
    /// whitespace.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init() { fields = [] }

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the field `name`, or `nil`; setting replaces every field of that name
    /// (`nil` removes them).
    public subscript(name: String) -> String? {
        get { fields.first { Self.namesMatch($0.name, name) }?.value }
        set {
            if let newValue {
                if let index = fields.firstIndex(where: { Self.namesMatch($0.name, name) }) {
                    fields[index].value = newValue
                    var next = index + 1
                    while next < fields.count {
                        if Self.namesMatch(fields[next].name, name) { fields.remove(at: next) } else { next += 1 }
                    }
                } else {
                    fields.append(Field(name: name, value: newValue))
                }
            } else {
                remove(name)
            }
        }
    }

    /// Every value of the field `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    /// The comma-separated list elements of every `name` field, trimmed, empty ones dropped
    /// (RFC 9110 §5.6.1): `Connection: keep-alive, Upgrade` gives `["keep-alive", "Upgrade"]`.
    public func listElements(for name: String) -> [String] {
        values(for: name).flatMap { value in
            value.split(separator: ",").map { $0.trimmingHTTPWhitespace() }.filter { !$0.isEmpty }
        }
    }

    /// Whether some `name` field lists `token` (case-insensitively).
    public func contains(_ name: String, token: String) -> Bool {
        listElements(for: name).contains { Self.namesMatch($0, token) }
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesMatch($0.name, name) }
    }

    /// Adds a field after the others, keeping any of the same name.
    public mutating func append(_ value: String, for name: String) {
        fields.append(Field(name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    public var count: Int { fields.count }

    /// ASCII case-insensitive equality, the comparison RFC 9110 gives field names and tokens.
    static func namesMatch(_ a: String, _ b: String) -> Bool {
        let a = a.utf8, b = b.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0 == $1 || ($0 | 0x20 == $1 | 0x20 && ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
    }
}

extension HTTPHeaders: Sequence {
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingHTTPWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let end = lastIndex(where: { !isWhitespace($0) })!
        return String(self[start...end])
    }
}
