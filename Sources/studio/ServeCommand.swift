import Foundation
import StudioBuild
import StudioCore
import StudioHTTP
import StudioServer

/// `studio serve`: the file server for `public/` and the live API, with background renders.
enum ServeCommand {
    static let help = """
    usage: studio serve [--host 127.0.0.1] [--port 8080] [--state DIR] [--out DIR] [options]

    Serves public/ and the live API /v1/organizations/{organization_id}/music/… from the state,
    renders submitted jobs in the background (one worker per core at most), and republishes
    public/ when a share, a revoke or a deletion changes it. SIGINT or SIGTERM stops it
    gracefully: requests in flight finish, renders are interrupted and rerun at the next start.
      --host H           address to listen on (default 127.0.0.1)
      --port N           port (default 8080; 0 picks a free one, printed on stdout)
      --state DIR        the state (default .studio/)
      --out DIR          the published site (default public/)
      --templates DIR    templates replacing built-in ones of the same name (default
                         $STUDIO_TEMPLATES, else templates/ if present; see studio templates)
      --base-url URL     the public address for links (default http://HOST:PORT, with the
                         port chosen when --port is 0)
      --cache DIR        the render cache (default STATE/renders; also STUDIO_CACHE), shared
                         with studio build, e.g. a cluster's volume (docs/SCALING.md)
      --media-ttl S      lifetime of signed media URLs in seconds (default 600)
      --quota S          seconds of audio an organization may generate per month (default 36000)
      --workers N        render workers (default: the number of cores)
      --max-connections N
                         connections served at once (default 4096); the ones past it get
                         503 with Retry-After: 1 and are closed
      --rate-limit N     API requests per second per credential (default 20; 0: no limit);
                         past it, 429 with Retry-After (docs/API.md, "Quotas and limits")
      --rate-burst N     requests a credential may send at once (default 40)
      --focus-sessions-per-user N
                         focus sessions a user may have active at once (default 2)
      --focus-sessions-per-org N
                         focus sessions an organization may have active at once (default 20)
      --focus-retention S
                         seconds the audio of an ended focus session is kept (default 86400);
                         promoted segments stay with their tracks
      --max-connections-per-client N
                         connections one address (an IPv6 /64) may hold at once (default 64);
                         the ones past it get 429 with Retry-After: 1 and are closed.
                         Loopback clients are exempt (a reverse proxy on this machine
                         brings everyone from 127.0.0.1) unless --cap-loopback-clients
      --cap-loopback-clients
                         hold loopback clients to --max-connections-per-client too
      --body-timeout S   seconds a request body may take in all, from the end of its head
                         (default 20); a slower body gets 408 and the connection closes
      --quiet            no request log (otherwise one line per request on stderr:
                         method, path without query, status, milliseconds, request id)
      --watch            build at start, then rebuild (as studio build does, same state)
                         when a recipe, a template or studio.json5 changes, 200 ms after
                         the last change; problems print here and over the open pages,
                         which reload when a rebuild changed them (live reload, served by
                         this server only: nothing is added to public/)

    --host, --port, --base-url, --workers, --quota and --rate-limit not given come from STUDIO_*
    variables, then studio.json5 in the working directory (docs/CONFIG.md).
    """

    static func run(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "serve",
                                      valued: SiteLocations.valuedFlags.union(["host", "port", "media-ttl", "quota", "workers",
                                                                                        "max-connections", "cache", "rate-limit", "rate-burst",
                                                                                        "focus-sessions-per-user", "focus-sessions-per-org",
                                                                                        "focus-retention", "max-connections-per-client",
                                                                                        "body-timeout"]),
                                      boolean: ["cap-loopback-clients", "quiet", "watch"])
        // Host, port, workers, quota and rate limit: flag, else STUDIO_*, else studio.json5 (docs/CONFIG.md).
        let locations = try SiteLocations(arguments, command: "serve")
        let settings = SiteSettings(arguments: arguments, command: "serve", configuration: locations.configuration)
        let configured = locations.configuration
        let host = settings.string("host", "STUDIO_HOST", configured: configured.host) ?? "127.0.0.1"
        let port = try settings.integer("port", "STUDIO_PORT", configured: configured.port, default: 8080, in: 0...65_535)
        let ttl = try number(arguments, "media-ttl", default: 600, in: 10...86_400)
        let quota = try settings.integer("quota", "STUDIO_QUOTA", configured: configured.serve.quota, default: 36_000,
                                         in: 0...100_000_000)
        let workers = try settings.integer("workers", "STUDIO_WORKERS", configured: configured.serve.workers,
                                           default: ProcessInfo.processInfo.activeProcessorCount, in: 1...64)
        let maximumConnections = try number(arguments, "max-connections", default: HTTPServer.Configuration().maximumConnections,
                                            in: 1...1_000_000)
        let rateLimit = try settings.integer("rate-limit", "STUDIO_RATE_LIMIT", configured: configured.serve.rateLimit, default: 20,
                                             in: 0...1_000_000)
        let rateBurst = try number(arguments, "rate-burst", default: max(1, rateLimit * 2), in: 1...1_000_000)
        let sessionsPerUser = try number(arguments, "focus-sessions-per-user", default: 2, in: 1...10_000)
        let sessionsPerOrganization = try number(arguments, "focus-sessions-per-org", default: 20, in: 1...1_000_000)
        let focusRetention = try number(arguments, "focus-retention", default: 86_400, in: 1...31_536_000)
        let defaults = HTTPServer.Configuration()
        let perClient = try number(arguments, "max-connections-per-client", default: defaults.maximumConnectionsPerClient,
                                   in: 1...1_000_000)
        let bodyTimeout = try number(arguments, "body-timeout", default: Int(defaults.bodyTimeout.components.seconds), in: 1...3_600)
        // The port is bound before the app is made, so that with port 0 the links name the port
        // the system chose.
        let responder = StartingResponder()
        let server = HTTPServer(configuration: .init(host: host, port: port, maximumConnections: maximumConnections,
                                                     bodyTimeout: .seconds(bodyTimeout),
                                                     maximumConnectionsPerClient: perClient,
                                                     exemptsLoopbackClients: !arguments.has("cap-loopback-clients")),
                                responder: responder)
        let bound = try server.start()
        let baseURL = locations.usesDefaultBaseURL ? "http://\(host):\(bound)" : locations.baseURL
        var configuration = ServerConfiguration(stateDirectory: locations.state, outputDirectory: locations.output,
                                                templatesDirectory: locations.templates, baseURL: baseURL,
                                                mediaTTL: TimeInterval(ttl), monthlyQuotaSeconds: Double(quota), workers: workers,
                                                rendersDirectory: locations.cache)
        configuration.siteName = locations.title
        configuration.rateLimitPerSecond = Double(rateLimit)
        configuration.rateLimitBurst = Double(rateBurst)
        configuration.activeFocusSessionsPerUser = sessionsPerUser
        configuration.activeFocusSessionsPerOrganization = sessionsPerOrganization
        configuration.focusRetention = TimeInterval(focusRetention)
        if !arguments.has("quiet") {
            configuration.requestLog = { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        }
        // --watch: the first build runs here, before the app answers, so that the first page served is current.
        var watch: ServeWatch?
        if arguments.has("watch") {
            let live = LiveReload()
            configuration.liveReload = live
            var options = BuildOptions(recipesDirectory: locations.recipes, stateDirectory: locations.state,
                                       outputDirectory: locations.output, templatesDirectory: locations.templates, baseURL: baseURL,
                                       cacheDirectory: locations.cache)
            options.siteName = locations.title
            watch = ServeWatch(options: options, arguments: arguments, configuration: configured, live: live)
            do { try watch?.start() } catch {
                server.beginStop()
                throw error
            }
        }
        let app: StudioApp
        do { app = try StudioApp(configuration: configuration) } catch {
            watch?.stop()
            server.beginStop()
            throw error
        }
        responder.install(app)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await serve(app, on: server, host: host, port: bound) } catch { failure.set(ErrorText.describe(error)) }
            done.signal()
        }
        done.wait()
        watch?.stop()
        if let message = failure.message { throw ServeError(message: message) }
    }

    /// Starts the workers and the listener, and returns once a signal has stopped both.
    private static func serve(_ app: StudioApp, on server: HTTPServer, host: String, port bound: Int) async throws {
        try await app.start()
        if let cap = server.maximumConnections, cap < server.configuration.maximumConnections {
            FileHandle.standardError.write(Data(("studio serve: the limit on open files allows \(cap) connections at once, "
                + "not \(server.configuration.maximumConnections); raise it with ulimit -Hn\n").utf8))
        }
        // Before the line below: a script that reads it and at once sends SIGTERM must stop us.
        let observer = server.stopOnSignals(onSignal: { _ in
            FileHandle.standardError.write(Data("studio serve: stopping\n".utf8))
        })
        // Through the file handle, unbuffered: a script waiting for this line gets it at once.
        FileHandle.standardOutput.write(Data("studio serve: http://\(host):\(bound)/ (API under /v1/, OpenAPI at /v1/openapi.json)\n".utf8))
        await server.waitUntilStopped()
        observer.cancel()
        // Here, not in the signal's callback: the process must not exit before the workers have
        // stopped and the database is checkpointed.
        app.stop()
    }

    private static func number(_ arguments: Arguments, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = arguments.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Arguments.UsageError(description: "serve: --\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    struct ServeError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    final class FailureBox: @unchecked Sendable {
        // @unchecked: written once by the server task before `done` is signalled, read after.
        private(set) var message: String?
        func set(_ message: String) { self.message = message }
    }
}
