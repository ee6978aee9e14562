import Foundation
import StudioAPI
import StudioCore
import StudioEngine
import StudioHTTP
import StudioPublish
import StudioStore

/// The live API of CONTRACT §5 over the state: one value holding what every handler needs.
/// Handlers live in extensions, one file per resource.
struct MusicAPI: Sendable {
    static let prefix = "/v1/organizations/{organization_id}/music"

    let store: StateStore
    let secret: [UInt8]
    let configuration: ServerConfiguration
    let authenticator: Authenticator
    let signer: MediaSigner
    let site: SiteRefresher
    let jobs: JobQueue
    let limiter: RateLimiter
    let quota: MonthlyQuota

    init(store: StateStore, secret: [UInt8], configuration: ServerConfiguration, site: SiteRefresher, jobs: JobQueue) {
        self.store = store
        self.secret = secret
        self.configuration = configuration
        self.site = site
        self.jobs = jobs
        authenticator = Authenticator(store: store)
        quota = MonthlyQuota(store: store, limitSeconds: configuration.monthlyQuotaSeconds)
        limiter = RateLimiter(settings: .init(rate: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst))
        signer = MediaSigner(secret: secret, baseURL: configuration.baseURL, ttl: configuration.mediaTTL)
    }

    /// The authenticated member calling a private path.
    func caller(_ context: RouteContext) throws -> Caller {
        let principal = try context.principal ?? authenticator.principal(for: context.request)
        let organizationID = context.parameter("organization_id")
        // A slug (`demo`) is no id: say which form the path takes rather than a misleading 403.
        guard ObjectID.isWellFormed(organizationID, kind: .organization) else {
            // A member is told their organization's id; anybody else learns nothing about the slug.
            var hint = ""
            if organizationID.count <= 64, let named = try store.organization(slug: organizationID),
               try store.role(of: principal.user.id, in: named.id) != nil {
                hint = " `\(organizationID)` is \(named.id)."
            }
            throw APIError(status: .notFound, type: "not_found_error", code: "not_found",
                           message: "No such organization: paths take its id (org_…, as `studio orgs show SLUG` prints), not its slug."
                               + hint, param: "organization_id")
        }
        return try authenticator.caller(principal, organizationID: organizationID)
    }

    func json(_ status: HTTPStatus, _ value: JSONValue, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var response = HTTPResponse.json(status, value.serialized(), headers: headers)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    static func error(_ error: APIError) -> HTTPResponse {
        var headers = error.headers
        headers["Cache-Control"] = "no-store"
        return .json(error.status, error.json.serialized(), headers: headers)
    }

    // MARK: Shared lookups

    /// A track the caller may read: its organization's, or one saved into their library from a
    /// share of another organization while that organization still shares it (issue #13:
    /// `StateStore.canRead`). Anything else is a 404.
    func readableTrack(_ id: String, caller: Caller) throws -> Track {
        guard ObjectID.isWellFormed(id, kind: .track), let track = try store.track(id: id),
              try store.canRead(track, organizationID: caller.organizationID, userID: caller.userID) else {
            throw APIError.notFound("track")
        }
        return track
    }

    /// A track of the caller's own organization (not one merely saved from a share).
    func organizationTrack(_ id: String, caller: Caller) throws -> Track {
        guard ObjectID.isWellFormed(id, kind: .track), let track = try store.track(id: id),
              track.organizationID == caller.organizationID else { throw APIError.notFound("track") }
        return track
    }

    /// A collection of the caller's own (collections belong to a user within the organization).
    /// One `studio build` made before the organization had an owner belongs to the owner it
    /// has now (issue #17), who adopts it on first use.
    func ownCollection(_ id: String, caller: Caller) throws -> MusicCollection {
        guard ObjectID.isWellFormed(id, kind: .collection), var collection = try store.collection(id: id),
              collection.organizationID == caller.organizationID else { throw APIError.notFound("collection") }
        if collection.ownerID == nil, try isRecipeOwner(caller), let adopted = try store.adoptCollection(id: id, ownerID: caller.userID) {
            collection = adopted
        }
        guard collection.ownerID == caller.userID else {
            throw APIError.notFound("collection")
        }
        return collection
    }

    /// A track as the caller sees it, with freshly signed URLs.
    func trackJSON(_ track: Track, caller: Caller?) throws -> JSONValue {
        let saved = try caller.map { try store.isSaved(organizationID: $0.organizationID, userID: $0.userID, trackID: track.id) }
        let now = store.now
        return Representations.track(track, saved: saved) { signer.link(forFile: $0.path, now: now) }
    }

    func engines() -> [EngineDescriptor] { EngineCatalogue.descriptors }
}
