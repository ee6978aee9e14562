import Foundation
import StudioCore

/// The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the API's component schemas
/// use: `type` (one or a list, `integer` included), `required`, `properties`,
/// `additionalProperties: false`, `enum`, `const`, `items`, `$ref` to `#/components/schemas/…`,
/// `oneOf`, `minimum`/`maximum`, `minLength`/`maxLength`/`pattern`, `maxItems` and `format: date-time`.
/// Anything else in a schema is ignored.
struct SchemaValidator {
    let schemas: [String: JSONValue]

    init(document: JSONValue) {
        schemas = document["components"]?["schemas"]?.object ?? [:]
    }

    /// Every way `value` breaks `schema`, each naming where (`$.data[0].title`); empty when it conforms.
    func errors(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        var errors: [String] = []
        if let reference = schema["$ref"]?.string {
            let name = String(reference.split(separator: "/").last ?? "")
            guard reference.hasPrefix("#/components/schemas/"), let target = schemas[name] else {
                return ["\(path): unresolvable $ref \(reference)"]
            }
            errors += self.errors(value, against: target, at: path)
        }
        if let choices = schema["oneOf"]?.array {
            let matching = choices.filter { self.errors(value, against: $0, at: path).isEmpty }.count
            if matching != 1 { errors.append("\(path): matches \(matching) of the oneOf schemas, not exactly one") }
        }
        if let type = schema["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            guard allowed.contains(where: { Self.matches(value, type: $0) }) else {
                return errors + ["\(path): expected \(allowed.joined(separator: " or ")), got \(Self.typeName(value))"]
            }
        }
        if let constant = schema["const"], value != constant {
            errors.append("\(path): expected the constant \(constant.serialized()), got \(value.serialized())")
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            errors.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(options).serialized())")
        }
        if case .number(let number) = value {
            if let minimum = schema["minimum"]?.number, number < minimum { errors.append("\(path): \(number) < minimum \(minimum)") }
            if let maximum = schema["maximum"]?.number, number > maximum { errors.append("\(path): \(number) > maximum \(maximum)") }
        }
        if case .string(let text) = value {
            if schema["format"] == "date-time", Timestamp.parse(text) == nil {
                errors.append("\(path): \(text.debugDescription) is not an RFC 3339 date-time")
            }
            let length = Double(text.unicodeScalars.count)  // JSON Schema counts code points
            if let minimum = schema["minLength"]?.number, length < minimum { errors.append("\(path): shorter than minLength \(minimum)") }
            if let maximum = schema["maxLength"]?.number, length > maximum { errors.append("\(path): longer than maxLength \(maximum)") }
            if let pattern = schema["pattern"]?.string {
                let regex = try? NSRegularExpression(pattern: pattern)
                if regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    errors.append("\(path): \(text.debugDescription) does not match the pattern \(pattern)")
                }
            }
        }
        if case .array(let items) = value, let maximum = schema["maxItems"]?.number, Double(items.count) > maximum {
            errors.append("\(path): more than maxItems \(maximum)")
        }
        if case .object(let object) = value {
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
                errors.append("\(path): missing required field \(name)")
            }
            let properties = schema["properties"]?.object ?? [:]
            for (name, field) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    errors += self.errors(field, against: property, at: "\(path).\(name)")
                } else if schema["additionalProperties"] == false {
                    errors.append("\(path): field \(name) is not allowed")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() { errors += self.errors(item, against: itemSchema, at: "\(path)[\(index)]") }
        }
        return errors
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("number", .number), ("array", .array), ("object", .object): true
        case ("integer", .number(let number)): number.isFinite && number == number.rounded()
        default: false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .string: "string"
        case .number: "number"
        case .array: "array"
        case .object: "object"
        }
    }
}
