import StudioHTTP
import Synchronization

/// The responder `studio serve` listens with before its app exists: so that the port can be
/// bound first (port 0 picks one) and the app built with links that name it. Until the app is
/// in place, which takes milliseconds, a request gets 503 with Retry-After.
final class StartingResponder: HTTPResponder {
    private let app = Mutex<(any HTTPResponder)?>(nil)

    func install(_ responder: any HTTPResponder) {
        app.withLock { $0 = responder }
    }

    func respond(to request: HTTPRequest) async throws -> HTTPResponse {
        guard let responder = app.withLock({ $0 }) else {
            return .error(.serviceUnavailable, code: "server_starting", message: "The server is starting; try again in a moment.",
                          headers: ["Retry-After": "1"])
        }
        return try await responder.respond(to: request)
    }
}
