import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioStore

/// Who is calling: a user, by their bearer token or by one of their API keys (which may be
/// bound to one organization).
struct Principal: Sendable {
    let user: User
    /// An API key bound to an organization acts only there.
    let boundOrganizationID: String?
    /// Which credential was presented (`user:<id>` for a bearer token, `key:<id>` for an API
    /// key): what the rate limit counts against.
    let credentialID: String
}

/// The caller of a private path, checked against its organization (CONTRACT §3).
struct Caller: Sendable {
    let principal: Principal
    let organizationID: String
    let role: MembershipRole

    var userID: String { principal.user.id }
    var isOwner: Bool { role == .owner }
}

/// Turns credentials into a principal, and a principal plus an organization into a caller.
///
/// Credentials are looked up by their SHA-256 (the state holds nothing else), which is a single
/// index probe whose timing does not depend on how much of a guess was right; the hash of a
/// 192-bit random token cannot be enumerated.
///
/// Nothing is cached between requests: a key revoked, a token rotated or a member removed by
/// `studio keys revoke` / `users rotate-token` / `users remove` (another process, the same
/// state) is refused on the very next request.
struct Authenticator: Sendable {
    let store: StateStore
    /// How often a key's `last_used_at` is brought up to date at most.
    static let useRecordingInterval: TimeInterval = 60
    /// Where uses are written, off the request's path: the request only decides, from the row
    /// it already read, whether a minute has passed since the last recorded use.
    private let useRecorder = DispatchQueue(label: "studio.key-use", qos: .utility)

    init(store: StateStore) {
        self.store = store
    }

    func principal(for request: HTTPRequest) throws -> Principal {
        let bearer = request.headers["Authorization"].flatMap { header -> String? in
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        let key = request.headers["X-API-Key"]?.trimmingCharacters(in: .whitespaces)
        if request.headers["Authorization"] != nil && bearer == nil {
            throw APIError.unauthenticated("Authorization must be `Bearer <token>`.")
        }
        switch (bearer, key) {
        case (nil, nil):
            throw APIError.unauthenticated("Send a bearer token (Authorization: Bearer …) or an API key (X-API-Key: …).")
        case (let token?, nil):
            guard token.count <= 200, let user = try store.user(tokenHash: Credentials.hash(token)) else {
                throw APIError.unauthenticated("The bearer token is not valid.")
            }
            return Principal(user: user, boundOrganizationID: nil, credentialID: "user:\(user.id)")
        case (nil, let key?):
            guard key.count <= 200, let apiKey = try store.apiKey(hash: Credentials.hash(key)),
                  let user = try store.user(id: apiKey.userID) else {
                throw APIError.unauthenticated("The API key is not valid.")
            }
            recordUse(of: apiKey)
            return Principal(user: user, boundOrganizationID: apiKey.organizationID, credentialID: "key:\(apiKey.id)")
        case (.some, .some):
            throw APIError.unauthenticated("Send either a bearer token or an API key, not both.")
        }
    }

    /// Brings the key's `last_used_at` up to date when the recorded use is a minute old or
    /// more: most requests write nothing, and the one that does returns without waiting for it.
    private func recordUse(of key: APIKey) {
        let interval = Self.useRecordingInterval
        if let last = key.lastUsedAt, store.now.timeIntervalSince(last) < interval { return }
        let store = store, id = key.id
        useRecorder.async {
            do { try store.recordUse(ofAPIKey: id, interval: interval) } catch {
                FileHandle.standardError.write(Data("studio serve: cannot record the use of API key \(id): \(error)\n".utf8))
            }
        }
    }

    /// The principal acting in `organizationID`: a member, through a key not bound elsewhere.
    func caller(_ principal: Principal, organizationID: String) throws -> Caller {
        guard let role = try store.role(of: principal.user.id, in: organizationID) else {
            throw APIError.forbidden("You are not a member of organization \(organizationID).")
        }
        if let bound = principal.boundOrganizationID, bound != organizationID {
            throw APIError.forbidden("This API key is bound to another organization.")
        }
        return Caller(principal: principal, organizationID: organizationID, role: role)
    }
}
