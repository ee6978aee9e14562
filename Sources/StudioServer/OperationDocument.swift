/// What an operation says about itself for the OpenAPI document: kept beside its route, so the
/// document is generated from the router and cannot list an operation the server lacks.
struct OperationDocument: Sendable {
    let id: String
    let summary: String
    let success: Int
    /// The component schema of the success body (nil: no body, as 204).
    let response: String?
    /// The component schema of the request body, if it takes one.
    let request: String?
    let query: [String]
    let errors: [Int]
    let authenticated: Bool
    /// The success body's media type: JSON, or `text/event-stream` for a stream of events.
    let contentType: String

    init(_ id: String, _ summary: String, success: Int = 200, response: String?, request: String? = nil,
         query: [String] = [], errors: [Int] = [], authenticated: Bool = true, contentType: String = "application/json") {
        self.contentType = contentType
        self.id = id
        self.summary = summary
        self.success = success
        self.response = response
        self.request = request
        self.query = query
        self.errors = errors
        self.authenticated = authenticated
    }
}
