import Foundation
import StudioAPI
import StudioBuild
import StudioCore
import StudioHTTP
import StudioPublish
import StudioStore

/// `studio serve`'s responder: the live API, its OpenAPI document, signed media, a health
/// check, and everything else from `public/`.
public struct StudioApp: HTTPResponder {
    let api: MusicAPI
    let router: Router
    let site: StaticFileResponder?
    let media: StaticFileResponder?
    let mediaCheck: MediaFileCheck
    let shareGate: ShareGate
    let siteHeaders: SiteSecurityHeaders
    let openAPI: [UInt8]
    let servedPages: ServedPageResponder
    let focusRetention: FocusRetentionSweeper
    let console: ConsoleResponder

    /// Opens the state (creating it on first use) and starts nothing yet; `start()` starts the workers.
    public init(configuration: ServerConfiguration) throws {
        let store = try StateStore(directory: configuration.stateDirectory, clock: configuration.clock)
        let secret = try SigningSecret.load(from: configuration.stateDirectory)
        try FileManager.default.createDirectory(at: configuration.rendersDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: configuration.outputDirectory, withIntermediateDirectories: true)
        let site = SiteRefresher(store: store, secret: secret, configuration: configuration)
        // A finished job makes a new track, which no collection or link holds yet: nothing to publish.
        let jobs = JobQueue(store: store, rendersDirectory: configuration.rendersDirectory, workers: configuration.workers,
                            monthlyQuotaSeconds: configuration.monthlyQuotaSeconds)
        api = MusicAPI(store: store, secret: secret, configuration: configuration, site: site, jobs: jobs)
        router = Router(routes: api.routes)
        self.site = StaticFileResponder(root: configuration.outputDirectory.path)
        media = StaticFileResponder(root: configuration.rendersDirectory.path, assetMaxAge: 600)
        siteHeaders = SiteSecurityHeaders(baseURL: configuration.baseURL)
        console = ConsoleResponder(baseURL: configuration.baseURL)
        mediaCheck = MediaFileCheck(cache: RenderCache(directory: configuration.rendersDirectory), store: store)
        focusRetention = FocusRetentionSweeper(store: store, rendersDirectory: configuration.rendersDirectory,
                                               retention: configuration.focusRetention)
        let document = OpenAPIDocument.make(routes: router.routes, baseURL: configuration.baseURL)
        openAPI = Array(document.serialized(pretty: true).utf8)
        servedPages = ServedPageResponder(pages: ServedPages(templatesDirectory: configuration.templatesDirectory),
                                          home: HomePage(store: store, secret: secret, siteName: configuration.siteName),
                                          apiReference: APIReferencePage.context(document: document, siteName: configuration.siteName))
        shareGate = ShareGate(store: store, outputDirectory: configuration.outputDirectory, served: servedPages)
    }

    /// Starts the render workers (requeueing jobs a previous run left running) and publishes.
    public func start() async throws {
        try api.jobs.start()
        focusRetention.start()
        await api.site.refresh()
    }

    /// Stops the render workers (interrupted jobs run again on the next start) and checkpoints
    /// the database.
    public func stop() {
        focusRetention.stop()
        api.jobs.stop()
        api.site.stop()
        try? api.store.checkpoint()
    }

    /// Every answer gets its `Request-Id` (and a 201 or 202 its `Location`), and is logged.
    public func respond(to request: HTTPRequest) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        let requestID = RequestMarks.requestID(for: request)
        var response: HTTPResponse
        do { response = try await answer(request) } catch {
            FileHandle.standardError.write(Data("studio serve: \(request.method) \(request.path): \(error)\n".utf8))
            response = MusicAPI.error(.internalError)
        }
        response.headers[RequestMarks.header] = requestID
        if response.headers["Location"] == nil, let location = RequestMarks.location(
            of: response, request: request, organizationID: router.organizationID(in: request.path)) {
            response.headers["Location"] = location
        }
        if let log = api.configuration.requestLog {
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            log(RequestMarks.logLine(request, status: response.status, milliseconds: milliseconds, requestID: requestID))
        }
        return response
    }

    private func answer(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.path
        if path == "/healthz" {
            return api.json(.ok, ["status": "ok"])
        }
        if path == "/v1/openapi.json" {
            guard request.method == .get || request.method == .head else { return MusicAPI.error(.methodNotAllowed([.get, .head])) }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], bytes: openAPI)
        }
        if path.hasPrefix("/media/") { return await serveMedia(request) }
        if ConsoleResponder.handles(path) { return console.respond(to: request) }
        if let live = api.configuration.liveReload, let answer = live.respond(to: request) { return answer }
        if let page = servedPages.response(to: request) { return sitePage(page) }
        switch router.match(method: request.method, path: path) {
        case .found(let route, let parameters):
            do {
                var context = RouteContext(request: request, parameters: parameters)
                if route.operation.authenticated {
                    let principal = try api.authenticator.principal(for: request)
                    if case .limited(let seconds) = api.limiter.admit(principal.credentialID) {
                        return MusicAPI.error(.rateLimited(retryAfter: seconds))
                    }
                    context.principal = principal
                }
                return try await route.handler(context)
            } catch let error as APIError {
                return MusicAPI.error(error)
            } catch {
                FileHandle.standardError.write(Data("studio serve: \(request.method) \(path): \(error)\n".utf8))
                return MusicAPI.error(.internalError)
            }
        case .wrongMethod(let allowed):
            return MusicAPI.error(.methodNotAllowed(allowed))
        case .none:
            if path.hasPrefix("/v1/") && !path.hasPrefix("/v1/music/engines") && !path.hasPrefix("/v1/music/shares/") {
                return MusicAPI.error(.notFound("API path"))
            }
            guard let site else { return MusicAPI.error(.notFound("page")) }
            // A share's files are served only while its link is live (issue #13).
            let verdict = shareGate.verdict(forPath: path)
            guard verdict == .notShared || verdict == .live else { return sitePage(shareGate.refusal(verdict, path: path)) }
            var response = try await site.respond(to: api.configuration.liveReload?.uncached(request) ?? request)
            // A download link (`?download=1`) gets the title as the saved file's name (issue #17).
            if request.query("download") != nil, response.status == .ok || response.status == .partialContent,
               let name = shareGate.downloadName(forPath: path) {
                response.headers["Content-Disposition"] = DownloadName.contentDisposition(fileName: name)
            }
            return sitePage(response, frameable: ShareGate.isEmbedPage(path))
        }
    }

    /// A response from `public/` (or about it) with the site's headers, and while watching
    /// (`serve --watch`) the reload script in its page.
    private func sitePage(_ response: HTTPResponse, frameable: Bool = false) -> HTTPResponse {
        siteHeaders.secured(api.configuration.liveReload?.injectingScript(into: response) ?? response, frameable: frameable)
    }

    /// `/media/<hash>/<file>?expires=…&signature=…`: the signed URL's file, with ranges and
    /// conditionals; 403 when the signature is wrong or has expired; 500 when the file is missing
    /// or damaged on the server (`MediaFileCheck`), 404 when its track was deleted.
    private func serveMedia(_ request: HTTPRequest) async -> HTTPResponse {
        guard request.method == .get || request.method == .head else { return MusicAPI.error(.methodNotAllowed([.get, .head])) }
        guard api.signer.verify(path: request.rawPath, expires: request.query("expires"), signature: request.query("signature"),
                                now: api.store.now) else {
            return MusicAPI.error(APIError(status: .forbidden, type: "permission_error", code: "invalid_signature",
                                           message: "This media URL is not valid or has expired; get a fresh one from the API."))
        }
        guard let media else { return MusicAPI.error(.notFound("media")) }
        let relative = String(request.path.dropFirst("/media/".count))
        if case .damaged(let reason) = mediaCheck.check(relative) {
            FileHandle.standardError.write(Data("studio serve: media file \(relative) \(reason); render it again (studio build)\n".utf8))
            return MusicAPI.error(.mediaUnavailable)
        }
        var inner = request
        inner.path = String(request.path.dropFirst("/media".count))
        inner.target = inner.path
        var response = (try? await media.respond(to: inner)) ?? MusicAPI.error(.notFound("media"))
        response.headers["Cache-Control"] = "private, max-age=\(Int(api.configuration.mediaTTL))"
        if let requested = request.query("download"), response.status == .ok || response.status == .partialContent {
            response.headers["Content-Disposition"] = DownloadDisposition.header(requested: requested,
                                                                                 fallback: (relative as NSString).lastPathComponent)
        }
        return siteHeaders.secured(response)
    }
}
