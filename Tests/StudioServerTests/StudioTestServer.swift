import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
@testable import StudioServer
import StudioStore
import Testing

/// Every suite that talks to a live server, one test at a time: renders are CPU-bound and
/// the machine has two cores.
@Suite(.serialized) enum LiveServerTests {}

/// How a request authenticates.
enum Auth: Sendable {
    case none
    case bearer(String)
    case apiKey(String)

    var header: String {
        switch self {
        case .none: ""
        case .bearer(let token): "Authorization: Bearer \(token)\r\n"
        case .apiKey(let key): "X-API-Key: \(key)\r\n"
        }
    }
}

/// An API response: status, headers, body, and the body as JSON when it is JSON.
struct APIResponse: Sendable {
    let raw: RawResponse
    var status: Int { raw.status }
    var headers: HTTPHeaders { raw.headers }
    var text: String { raw.text }
    var json: JSONValue { (try? JSONValue.parse(Data(raw.body))) ?? .null }
    subscript(key: String) -> JSONValue? { json[key] }
    var errorCode: String? { json["error"]?["code"]?.string }
    var errorParam: String? { json["error"]?["param"]?.string }
    var isJSONError: Bool {
        headers["Content-Type"]?.hasPrefix("application/json") == true && json["error"]?["type"]?.string != nil
            && json["error"]?["message"]?.string != nil && json["error"]?["code"]?.string != nil && json["error"]?["param"] != nil
    }
}

/// A user of the test world: id and bearer token.
struct TestUser: Sendable {
    let id: String
    let token: String
    var auth: Auth { .bearer(token) }
}

/// The real `studio serve` app on an ephemeral port, with a fresh state directory, output
/// directory and the repository's templates, and the principals of issue #5:
/// A (owner of org 1), B (member of org 1), C (org 2), and an API key of C bound to org 2.
final class StudioTestServer: @unchecked Sendable {
    static let baseURL = "https://music.example.test"
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let root: URL
    let configuration: ServerConfiguration
    let app: StudioApp
    let server: HTTPServer
    let port: Int
    /// A second handle on the same state (SQLite WAL), for setting up principals.
    let store: StateStore
    let org1: String
    let org2: String
    let userA: TestUser
    let userB: TestUser
    let userC: TestUser
    let keyC: String
    private var client: RawClient?

    /// `port` 0 picks a free one, and links name `baseURL`; a browser test passes a port it
    /// reserved, so that the signed media URLs point at this very server.
    /// `templates` replaces the repository's templates (a test that breaks them works on a copy).
    init(monthlyQuotaSeconds: Double = 36_000, mediaTTL: TimeInterval = 600, port requestedPort: Int = 0,
         clock: (@Sendable () -> Date)? = nil, templates: URL? = nil,
         configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        let baseURL = requestedPort == 0 ? Self.baseURL : "http://127.0.0.1:\(requestedPort)"
        root = FileManager.default.temporaryDirectory.appendingPathComponent("studio-server-tests-\(UUID().uuidString)")
        var configuration = ServerConfiguration(stateDirectory: root.appendingPathComponent("state"),
                                            outputDirectory: root.appendingPathComponent("public"),
                                            templatesDirectory: templates ?? Self.repository.appendingPathComponent("templates"),
                                            baseURL: baseURL, mediaTTL: mediaTTL, monthlyQuotaSeconds: monthlyQuotaSeconds,
                                            workers: 1, clock: clock ?? { Date() })
        // Suites that send hundreds of requests as one user would trip the production rate
        // limit; the rate-limit tests turn it on through `configure`.
        configuration.rateLimitPerSecond = 0
        configure(&configuration)
        self.configuration = configuration
        app = try StudioApp(configuration: configuration)
        store = try StateStore(directory: configuration.stateDirectory)
        org1 = try store.createOrganization(name: "Org One").id
        org2 = try store.createOrganization(name: "Org Two").id
        userA = try Self.user(store, "a@example.test", org1, .owner)
        userB = try Self.user(store, "b@example.test", org1, .member)
        userC = try Self.user(store, "c@example.test", org2, .owner)
        keyC = Credentials.newAPIKey()
        _ = try store.createAPIKey(userID: userC.id, organizationID: org2, name: "ci", keyHash: Credentials.hash(keyC))
        try await app.start()
        server = HTTPServer(configuration: .init(host: "127.0.0.1", port: requestedPort), responder: app)
        port = try server.start()
    }

    private static func user(_ store: StateStore, _ email: String, _ org: String, _ role: MembershipRole) throws -> TestUser {
        let token = Credentials.newUserToken()
        let user = try store.createUser(email: email, tokenHash: Credentials.hash(token))
        try store.addMember(organizationID: org, userID: user.id, role: role)
        return TestUser(id: user.id, token: token)
    }

    func stop() async {
        client = nil
        await server.stop(gracePeriod: .seconds(2))
        app.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `body` against a fresh server and always stops it.
    static func with(monthlyQuotaSeconds: Double = 36_000, mediaTTL: TimeInterval = 600, port: Int = 0,
                     clock: (@Sendable () -> Date)? = nil, templates: URL? = nil,
                     configure: (inout ServerConfiguration) -> Void = { _ in },
                     _ body: (StudioTestServer) async throws -> Void) async throws {
        let server = try await StudioTestServer(monthlyQuotaSeconds: monthlyQuotaSeconds, mediaTTL: mediaTTL, port: port,
                                                clock: clock, templates: templates, configure: configure)
        do {
            try await body(server)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    func p(_ org: String? = nil) -> String { "/v1/organizations/\(org ?? org1)/music" }

    /// The raw bytes of a request.
    static func requestBytes(_ method: String, _ path: String, body: [UInt8]? = nil, contentType: String? = "application/json",
                             auth: Auth = .none, headers: [(String, String)] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth.header
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            if let contentType { head += "Content-Type: \(contentType)\r\n" }
            head += "Content-Length: \(body.count)\r\n"
        }
        return Array((head + "\r\n").utf8) + (body ?? [])
    }

    /// One request on the kept-alive connection (a new one when the server closed the last).
    func send(_ method: String, _ path: String, json: JSONValue? = nil, body: [UInt8]? = nil,
              contentType: String? = "application/json", auth: Auth = .none, headers: [(String, String)] = []) async throws -> APIResponse {
        let bytes = Self.requestBytes(method, path, body: body ?? json.map { Array($0.serialized().utf8) }, contentType: contentType,
                                      auth: auth, headers: headers)
        let connection = try client ?? RawClient(port: port)
        client = connection
        let raw = try await connection.exchange(bytes, head: method == "HEAD")
        if raw.headers["Connection"]?.lowercased() == "close" { client = nil }
        return APIResponse(raw: raw)
    }

    /// Drops the kept-alive connection (after a long pause the server may have closed it).
    func reconnect() { client = nil }

    /// One request on a connection of its own.
    func sendFresh(_ bytes: [UInt8]) async throws -> RawResponse {
        try await RawClient(port: port).exchange(bytes)
    }

    /// The server still answers, on a new connection.
    func isHealthy() async throws -> Bool {
        let response = try await sendFresh(Self.requestBytes("GET", "/healthz"))
        return response.status == 200 && response.text.contains("ok")
    }

    // MARK: Fixtures through the API

    func createGeneration(_ user: TestUser, org: String? = nil, prompt: String = "driving techno at dawn", duration: Double = 1,
                          params: JSONValue? = nil, headers: [(String, String)] = []) async throws -> APIResponse {
        var body: [String: JSONValue] = ["engine_key": "pulse-1", "prompt": .string(prompt), "duration_seconds": .number(duration)]
        if let params { body["params"] = params }
        return try await send("POST", "\(p(org))/generations", json: .object(body), auth: user.auth, headers: headers)
    }

    /// Polls a job until it ends (a bounded wait), and returns it.
    func waitForJob(_ id: String, _ user: TestUser, org: String? = nil, deadline seconds: Double = 90) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let job = try await send("GET", "\(p(org))/generations/\(id)", auth: user.auth)
            guard job.status == 200 else { throw ClientError(description: "GET job: \(job.status) \(job.text)") }
            if let status = job["status"]?.string, !["queued", "running"].contains(status) { return job.json }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClientError(description: "job \(id) did not end within \(seconds) s")
    }

    /// A rendered track of org 1 made by `user`: its id.
    func makeTrack(_ user: TestUser, prompt: String = "driving techno at dawn", duration: Double = 1) async throws -> String {
        let created = try await createGeneration(user, prompt: prompt, duration: duration)
        guard created.status == 202, let id = created["id"]?.string else {
            throw ClientError(description: "create generation: \(created.status) \(created.text)")
        }
        let job = try await waitForJob(id, user)
        guard job["status"]?.string == "succeeded", let track = job["track_id"]?.string else {
            throw ClientError(description: "job did not succeed: \(job.serialized())")
        }
        return track
    }

    /// The path and query of an absolute URL the API returned (its host is the configured base URL).
    static func localPath(_ url: String) -> String {
        url.hasPrefix(baseURL) ? String(url.dropFirst(baseURL.count)) : url
    }
}
