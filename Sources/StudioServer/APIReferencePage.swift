import StudioCore
import StudioTemplates

/// `GET /docs/api/`: the API reference, rendered on the server from the same OpenAPI document
/// `GET /v1/openapi.json` serves (issue #17), with our own template and stylesheet: no script,
/// nothing fetched from elsewhere, readable without JavaScript. Operations are grouped by the
/// resource their path names, in path order; every component schema is listed with its fields.
enum APIReferencePage {
    static func context(document: JSONValue, siteName: String) -> TemplateValue {
        var groups: [String: [TemplateValue]] = [:]
        for (path, item) in (document["paths"]?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            let resource = resourceName(path)
            for method in ["get", "post", "patch", "put", "delete"] {
                guard let operation = item[method] else { continue }
                groups[resource, default: []].append(describe(operation, method: method, path: path))
            }
        }
        let order = ["engines", "generations", "tracks", "collections", "focus-sessions", "shares", "usage"]
        let names = groups.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        let schemas = (document["components"]?["schemas"]?.object ?? [:]).sorted { $0.key < $1.key }.map { name, schema in
            let required = Set(schema["required"]?.array?.compactMap(\.string) ?? [])
            let fields = (schema["properties"]?.object ?? [:]).sorted { $0.key < $1.key }.map { field, value -> TemplateValue in
                .dictionary(["name": .string(field), "type": .string(typeText(value)), "required": .bool(required.contains(field))])
            }
            return TemplateValue.dictionary(["name": .string(name), "anchor": .string("schema-\(name)"), "fields": .array(fields),
                                             "type": .string(fields.isEmpty ? typeText(schema) : "object")])
        }
        return .dictionary([
            "site": ServedPageResponder.site(siteName),
            "api": .dictionary([
                "title": .string(document["info"]?["title"]?.string ?? "API"),
                "version": .string(document["info"]?["version"]?.string ?? ""),
                "description": .string(document["info"]?["description"]?.string ?? ""),
                "server": .string(document["servers"]?[0]?["url"]?.string ?? ""),
                "openapi_url": "/v1/openapi.json",
                "groups": .array(names.map { name in
                    .dictionary(["name": .string(name), "anchor": .string("group-\(name)"), "operations": .array(groups[name] ?? [])])
                }),
                "schemas": .array(schemas),
            ]),
        ])
    }

    /// `/v1/organizations/{organization_id}/music/tracks/{track_id}/save` → "tracks".
    static func resourceName(_ path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        if let music = parts.firstIndex(of: "music"), music + 1 < parts.count { return parts[music + 1] }
        return parts.last ?? path
    }

    private static func describe(_ operation: JSONValue, method: String, path: String) -> TemplateValue {
        let parameters = (operation["parameters"]?.array ?? []).map { parameter -> TemplateValue in
            .dictionary(["name": .string(parameter["name"]?.string ?? ""), "in": .string(parameter["in"]?.string ?? ""),
                         "required": .bool(parameter["required"]?.bool ?? false),
                         "type": .string(parameter["schema"].map(typeText) ?? "")])
        }
        let statuses = (operation["responses"]?.object ?? [:]).sorted { $0.key < $1.key }
        let successes = statuses.filter { $0.key.hasPrefix("2") }.map { status, response -> TemplateValue in
            let schema = response["content"]?.object?.values.first?["schema"]
            return .dictionary(["status": .string(status), "description": .string(response["description"]?.string ?? ""),
                                "schema": schema.map { .string(typeText($0)) } ?? .null,
                                "schema_anchor": schema?["$ref"]?.string.map { .string("#schema-" + refName($0)) } ?? .null])
        }
        let request = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.string.map(refName)
        let id = operation["operationId"]?.string ?? "\(method) \(path)"
        return .dictionary([
            "id": .string(id), "anchor": .string("op-\(id)"), "method": .string(method.uppercased()), "method_class": .string(method),
            "path": .string(path), "summary": .string(operation["summary"]?.string ?? ""),
            "authenticated": .bool(!(operation["security"]?.array?.isEmpty ?? true)),
            "parameters": .array(parameters), "has_parameters": .bool(!parameters.isEmpty),
            "request": request.map(TemplateValue.string) ?? .null,
            "request_anchor": request.map { .string("#schema-\($0)") } ?? .null,
            "responses": .array(successes),
            "errors": .string(statuses.map(\.key).filter { !$0.hasPrefix("2") }.joined(separator: " ")),
        ])
    }

    static func refName(_ reference: String) -> String { String(reference.split(separator: "/").last ?? "") }

    /// A schema in a few words: `string`, `string | null`, `array of Track`, `"a" | "b"`, `Track`.
    static func typeText(_ schema: JSONValue) -> String {
        if let reference = schema["$ref"]?.string { return refName(reference) }
        if let values = schema["enum"]?.array { return values.map { $0.string.map { "\"\($0)\"" } ?? $0.serialized() }.joined(separator: " | ") }
        if let constant = schema["const"] { return constant.serialized() }
        if let options = (schema["oneOf"] ?? schema["anyOf"])?.array { return options.map(typeText).joined(separator: " | ") }
        let type = schema["type"]?.string ?? schema["type"]?.array?.compactMap(\.string).joined(separator: " | ") ?? "any"
        if type == "array", let items = schema["items"] { return "array of \(typeText(items))" }
        if let format = schema["format"]?.string { return "\(type) (\(format))" }
        return type
    }
}
