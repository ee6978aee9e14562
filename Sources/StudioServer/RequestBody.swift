import Foundation
import StudioCore
import StudioHTTP

/// A JSON request body, read strictly: an object, only the fields the route names, each of the
/// type it needs. Every problem is a 4xx naming the field (CONTRACT §4: no mass assignment).
struct RequestBody: Sendable {
    private let fields: [String: JSONValue]

    /// Reads the body of `request`, allowing exactly `allowed` fields. An empty body is `{}`.
    init(_ request: HTTPRequest, allowed: Set<String>) throws {
        if request.body.isEmpty {
            fields = [:]
            return
        }
        let type = request.headers["Content-Type"]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard type == "application/json" else { throw APIError.unsupportedMediaType() }
        guard String(validating: request.body, as: UTF8.self) != nil else {
            throw APIError.malformed("The body is not valid UTF-8.", code: "invalid_utf8")
        }
        let value: JSONValue
        do { value = try JSONValue.parse(Data(request.body)) } catch {
            throw APIError.malformed("The body is not valid JSON.", code: "invalid_json")
        }
        guard case .object(let object) = value else {
            throw APIError.malformed("The body must be a JSON object.", code: "invalid_json")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid("Unknown field `\(unknown)`; this request takes \(allowed.sorted().joined(separator: ", ")).",
                                   param: unknown, code: "unknown_field")
        }
        fields = object
    }

    func has(_ name: String) -> Bool { fields[name] != nil && fields[name] != .null }

    /// Present at all, `null` included: PATCH tells "leave alone" from "clear".
    func isPresent(_ name: String) -> Bool { fields[name] != nil }

    /// A string field. Control characters are refused (`TextRules`): none at all by default,
    /// tab and line feed where `allowing` says so (prompts, descriptions).
    func string(_ name: String, required: Bool = false, maxLength: Int = 2000,
                allowing allowed: Set<Unicode.Scalar> = []) throws -> String? {
        guard let value = fields[name], value != .null else {
            if required { throw APIError.invalid("`\(name)` is required.", param: name, code: "missing_field") }
            return nil
        }
        guard case .string(let text) = value else { throw APIError.invalid("`\(name)` must be a string.", param: name) }
        guard text.count <= maxLength else {
            throw APIError.invalid("`\(name)` is longer than \(maxLength) characters.", param: name)
        }
        try Self.refuseControls(in: text, param: name, allowing: allowed)
        return text
    }

    /// 422 `invalid_characters` naming the field and the character, when `text` holds a control
    /// character `allowed` does not except.
    static func refuseControls(in text: String, param: String, allowing allowed: Set<Unicode.Scalar>) throws {
        guard let control = TextRules.firstControl(in: text, allowing: allowed) else { return }
        let rule = allowed.isEmpty ? "it must be one line without control characters"
            : "only tab and line feed are allowed among control characters"
        throw APIError.invalid("`\(param)` contains the control character \(TextRules.name(control)); \(rule).",
                               param: param, code: "invalid_characters")
    }

    func number(_ name: String, required: Bool = false, in range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let value = fields[name], value != .null else {
            if required { throw APIError.invalid("`\(name)` is required.", param: name, code: "missing_field") }
            return nil
        }
        guard case .number(let number) = value, number.isFinite else {
            throw APIError.invalid("`\(name)` must be a number.", param: name)
        }
        if let range, !range.contains(number) {
            throw APIError.invalid("`\(name)` must be between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound)).",
                                   param: name)
        }
        return number
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try number(name) else { return nil }
        // `Int(exactly:)`, not `Int(_:)`: near Int.max a Double compares within the range and
        // would still trap in the conversion.
        guard let whole = Int(exactly: number), range.contains(whole) else {
            throw APIError.invalid("`\(name)` must be a whole number from \(range.lowerBound) to \(range.upperBound).", param: name)
        }
        return whole
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = fields[name], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw APIError.invalid("`\(name)` must be true or false.", param: name) }
        return flag
    }

    func strings(_ name: String, required: Bool = false, maxCount: Int = 1000) throws -> [String]? {
        guard let value = fields[name], value != .null else {
            if required { throw APIError.invalid("`\(name)` is required.", param: name, code: "missing_field") }
            return nil
        }
        guard case .array(let items) = value, items.count <= maxCount else {
            throw APIError.invalid("`\(name)` must be an array of at most \(maxCount) strings.", param: name)
        }
        return try items.map {
            guard case .string(let text) = $0 else { throw APIError.invalid("`\(name)` must contain only strings.", param: name) }
            return text
        }
    }

    /// A nested object, read with its own allowed fields; unknown nested fields name their path.
    func object(_ name: String, allowed: Set<String>) throws -> [String: JSONValue]? {
        guard let value = fields[name], value != .null else { return nil }
        guard case .object(let object) = value else { throw APIError.invalid("`\(name)` must be an object.", param: name) }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid("Unknown field `\(name).\(unknown)`.", param: "\(name).\(unknown)", code: "unknown_field")
        }
        return object
    }

    func date(_ name: String) throws -> Date? {
        guard let text = try string(name, maxLength: 64) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw APIError.invalid("`\(name)` must be an RFC 3339 time, like 2027-06-30T00:00:00Z.", param: name)
        }
        return date
    }

    /// The whole body, canonical, for comparing an Idempotency-Key retry with the original.
    var canonical: String { JSONValue.object(fields).serialized() }

    private static func format(_ value: Double) -> String {
        Int(exactly: value).map(String.init) ?? String(value)
    }
}
