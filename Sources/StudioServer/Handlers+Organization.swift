import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// What the organization owns, as the caller may see it (issue #17): every track (recipe-made
/// or API-made), the share links, the caller's focus sessions.
extension MusicAPI {
    /// The longest `q=` a track search takes.
    static let maximumSearchLength = 200

    /// `GET …/tracks?scope=organization[&q=…]`: every track of the organization, newest first,
    /// whether or not anybody saved it. Without `scope` (or `scope=library`) the caller's library.
    func listTracks(_ context: RouteContext) async throws -> HTTPResponse {
        switch context.request.query("scope") {
        case nil, "library":
            if context.request.query("q") != nil {
                throw APIError.malformed("`q` searches the organization's tracks: add `scope=organization`.",
                                         code: "invalid_parameter", param: "q")
            }
            return try await listLibrary(context)
        case "organization":
            return try await listOrganizationTracks(context)
        default:
            throw APIError.malformed("`scope` must be `library` or `organization`.", code: "invalid_parameter", param: "scope")
        }
    }

    private func listOrganizationTracks(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let page = try Pagination(context.request)
        let text = context.request.query("q")
        if let text, text.count > Self.maximumSearchLength {
            throw APIError.malformed("`q` is at most \(Self.maximumSearchLength) characters.", code: "invalid_parameter", param: "q")
        }
        let tracks = try store.tracks(organizationID: caller.organizationID, matching: text, page: page.request)
        let items = try tracks.items.map { try trackJSON($0, caller: caller) }
        return json(.ok, Representations.list(items, nextCursor: tracks.next?.token))
    }

    /// `GET …/shares`: an owner sees every link of the organization, a member the links they
    /// made. The token was shown once, at creation: a listed link has neither token nor URL.
    func listShares(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let page = try Pagination(context.request)
        let links = try store.shares(organizationID: caller.organizationID, creatorID: caller.isOwner ? nil : caller.userID,
                                     page: page.request)
        let items = links.items.map { link -> JSONValue in
            guard case .object(var fields) = Representations.share(link, token: nil, url: nil) else { return .null }
            fields["token"] = nil
            fields["url"] = nil
            return .object(fields)
        }
        return json(.ok, Representations.list(items, nextCursor: links.next?.token))
    }

    /// `GET …/focus-sessions`: the caller's own sessions (a session belongs to its user).
    func listFocusSessions(_ context: RouteContext) async throws -> HTTPResponse {
        let caller = try caller(context)
        let page = try Pagination(context.request)
        let sessions = try store.focusSessions(organizationID: caller.organizationID, userID: caller.userID, page: page.request)
        return json(.ok, Representations.list(sessions.items.map(focusJSON), nextCursor: sessions.next?.token))
    }

    /// `GET /v1/organizations`: where the credential may act, so that a client holding only a key
    /// learns the `org_…` id every private path takes (a key bound to one organization: that one).
    func listOrganizations(_ context: RouteContext) async throws -> HTTPResponse {
        let principal = try context.principal ?? authenticator.principal(for: context.request)
        let page = try Pagination(context.request)
        let memberships = try store.memberships(userID: principal.user.id, boundTo: principal.boundOrganizationID, page: page.request)
        let items = memberships.items.map { membership -> JSONValue in
            let organization = membership.organization
            return .object(["object": "organization", "id": .string(organization.id), "slug": JSONValue(organization.slug),
                            "name": .string(organization.name), "role": .string(membership.role.rawValue),
                            "created_at": JSONValue(organization.createdAt)])
        }
        return json(.ok, Representations.list(items, nextCursor: memberships.next?.token))
    }

    /// Whether the caller is the owner recipe-made collections belong to: the organization's
    /// first owner, whom `studio build` gives them (`RecipeApplier`).
    func isRecipeOwner(_ caller: Caller) throws -> Bool {
        try caller.isOwner && store.firstOwner(of: caller.organizationID) == caller.userID
    }
}
