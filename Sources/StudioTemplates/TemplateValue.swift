/// What a template can see: a small JSON-like tree of values.
///
/// Pages are built from the same public objects the API returns, so the context is shaped like
/// JSON. The literal conformances let tests and call sites write contexts inline:
///
/// ```swift
/// let context: TemplateValue = ["track": ["title": "Sunrise", "bpm": 64], "tags": ["calm", "slow"]]
/// ```
public enum TemplateValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([TemplateValue])
    case dictionary([String: TemplateValue])
    case null

    /// Whether a section `{{#name}}` shows its body (or an inverted one hides it).
    ///
    /// Falsy: `false`, `null`, the empty string and the empty array. Everything else is truthy —
    /// including `0` and an empty dictionary: a number is a value to show, not a flag; test a
    /// `bool` when you mean a condition.
    public var isTruthy: Bool {
        switch self {
        case .bool(let flag): flag
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .number, .dictionary: true
        }
    }

    /// The text a variable tag prints, or nil for values that have no sensible text
    /// (arrays and dictionaries: printing one is always a template mistake).
    ///
    /// Whole numbers print without a fraction (`64`, not `64.0`), so counts and years read well.
    public var text: String? {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .number(let number):
            if number == number.rounded(), abs(number) < 0x1p53 { String(Int64(number)) } else { String(number) }
        case .array, .dictionary: nil
        }
    }

    /// The member `key` of a dictionary; nil for a missing key or a value that is not a dictionary.
    public subscript(key: String) -> TemplateValue? {
        if case .dictionary(let members) = self { members[key] } else { nil }
    }

    /// A short name of the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .array: "an array"
        case .dictionary: "a dictionary"
        case .null: "null"
        }
    }
}

// MARK: - Literals

extension TemplateValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension TemplateValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .dictionary(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension TemplateValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

// MARK: - Codable

/// `TemplateValue` reads and writes plain JSON, so a page's context can be the very JSON the API
/// serves: `try JSONDecoder().decode(TemplateValue.self, from: body)`.
extension TemplateValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([TemplateValue].self) {
            self = .array(items)
        } else {
            self = .dictionary(try container.decode([String: TemplateValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .array(let items): try container.encode(items)
        case .dictionary(let members): try container.encode(members)
        case .null: try container.encodeNil()
        }
    }
}
