import StudioCore
import StudioHTTP

/// `GET /v1/openapi.json`: an OpenAPI 3.1 document made from the router's own table, so that it
/// lists exactly the operations the server has (a test checks both ways).
enum OpenAPIDocument {
    static func make(routes: [Route], baseURL: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            var item = paths[route.pattern.description]?.object ?? [:]
            item[route.method.rawValue.lowercased()] = operation(route)
            paths[route.pattern.description] = .object(item)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object(["title": "Music Studio API", "version": "1.0.0",
                             "description": "Generate music from text prompts, keep it in a library and collections, stream focus sessions, share links. Errors are `{\"error\": {type, code, message, param}}`."]),
            "servers": .array([.object(["url": .string(baseURL)])]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(OpenAPISchemas.all),
                "securitySchemes": .object([
                    "bearer": .object(["type": "http", "scheme": "bearer"]),
                    "apiKey": .object(["type": "apiKey", "in": "header", "name": "X-API-Key"]),
                ]),
            ]),
        ])
    }

    static func operation(_ route: Route) -> JSONValue {
        let document = route.operation
        var parameters: [JSONValue] = route.pattern.parameterNames.map { name in
            .object(["name": .string(name), "in": "path", "required": true,
                     "schema": name == "index" ? .object(["type": "integer", "minimum": 0]) : .object(["type": "string"])])
        }
        for name in document.query {
            let schema: JSONValue = switch name {
            case "limit": .object(["type": "integer", "minimum": 1, "maximum": 100, "default": 20])
            case "status": .object(["type": "string", "enum": .array(GenerationJob.Status.allCases.map { .string($0.rawValue) })])
            case "from", "to": .object(["type": "string", "format": "date-time"])
            case "cursor": .object(["type": "string", "minLength": 1])  // as returned in `next_cursor`; never empty
            case "scope": .object(["type": "string", "enum": ["library", "organization"]])
            case "q": .object(["type": "string", "maxLength": .number(Double(MusicAPI.maximumSearchLength))])
            default: .object(["type": "string"])
            }
            parameters.append(.object(["name": .string(name), "in": "query", "required": false, "schema": schema]))
        }
        if route.method == .post && route.pattern.description.hasSuffix("/generations") {
            parameters.append(.object(["name": "Idempotency-Key", "in": "header", "required": false,
                                       "schema": .object(["type": "string", "maxLength": 255])]))
        }
        var responses: [String: JSONValue] = [:]
        let success: JSONValue = document.response.map {
            .object(["description": "Success", "content": .object([document.contentType: .object(["schema": ref($0)])])])
        } ?? .object(["description": "Success, no content"])
        responses[String(document.success)] = success
        // Saving what is already saved, and promoting a segment already promoted, answer 200 with the same object.
        if (document.response == "LibraryEntry" || document.id == "promoteSegment") && document.success == 201 {
            responses["200"] = success
        }
        for status in document.errors + [500] {
            var response: [String: JSONValue] = [
                "description": .string(HTTPStatus(code: status).reasonPhrase),
                "content": .object(["application/json": .object(["schema": ref("Error")])]),
            ]
            if status == 429 {
                response["headers"] = .object(["Retry-After": .object([
                    "description": "Whole seconds until the request may be sent again", "required": true,
                    "schema": .object(["type": "integer", "minimum": 1]),
                ])])
            }
            responses[String(status)] = .object(response)
        }
        var operation: [String: JSONValue] = ["operationId": .string(document.id), "summary": .string(document.summary),
                                              "parameters": .array(parameters), "responses": .object(responses)]
        if let request = document.request {
            operation["requestBody"] = .object(["required": .bool(request != "ShareRequest" && request != "SaveSharedRequest"),
                                                 "content": .object(["application/json": .object(["schema": ref(request)])])])
        }
        operation["security"] = document.authenticated
            ? .array([.object(["bearer": .array([])]), .object(["apiKey": .array([])])]) : .array([])
        return .object(operation)
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }
}
