import Foundation

/// A JSON5 document as Foundation's parser reads it: the values, without places or key order
/// (those come from `JSON5PositionIndex`).
enum JSON5Value: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number with no fraction that fits an `Int`; `7`, `7.0`, `0x1F` and `1e3` all land here.
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSON5Value])
    case object([String: JSON5Value])

    /// Parses `data` with Foundation's JSON5 support; nil when Foundation rejects it.
    static func parse(_ data: Data) -> JSON5Value? {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try? decoder.decode(JSON5Value.self, from: data)
    }

    /// "a string", "a number"…: how messages name what was found instead of what was expected.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

extension JSON5Value: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if var elements = try? decoder.unkeyedContainer() {
            var array: [JSON5Value] = []
            while !elements.isAtEnd { array.append(try elements.decode(JSON5Value.self)) }
            self = .array(array)
        } else if let members = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: JSON5Value] = [:]
            for key in members.allKeys { object[key.stringValue] = try members.decode(JSON5Value.self, forKey: key) }
            self = .object(object)
        } else {
            // Strings first: a string never decodes as a number, but with some strategies
            // a number-like string would.
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let string = try? single.decode(String.self) { self = .string(string) }
            else if let bool = try? single.decode(Bool.self) { self = .bool(bool) }
            else if let integer = try? single.decode(Int.self) { self = .integer(integer) }
            else { self = .number(try single.decode(Double.self)) }
        }
    }
}
