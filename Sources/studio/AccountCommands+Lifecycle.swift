import Foundation
import StudioAPI
import StudioCore
import StudioStore

/// The life of credentials after they are made: `users add|remove|rotate-token` and
/// `keys list|revoke`. Each is one transaction on the state; a running `studio serve` reads
/// credentials afresh on every request, so it obeys the change on the next one.
extension AccountCommands {
    /// A refusal by the state (the last owner, an unknown key), worded for the command that
    /// asked: `studio: users remove: …`, exit status 1.
    struct RefusedError: Error, CustomStringConvertible {
        let description: String
    }

    static func addUser(_ arguments: Arguments) throws {
        let role = try role(arguments, command: "users add")
        let store = try open(arguments)
        let user = try findUser(arguments.positionals[1], store, command: "users add")
        let organization = try findOrganization(try arguments.required("org", command: "users add"), store)
        try refusals("users add") {
            try store.setMembership(organizationID: organization.id, userID: user.id, role: role)
        }
        output(arguments, json: ["id": .string(user.id), "organization_id": .string(organization.id), "role": .string(role.rawValue)],
               text: "\(user.id) is now \(role == .owner ? "an owner" : "a member") of \(organization.id)")
    }

    static func removeUser(_ arguments: Arguments) throws {
        let store = try open(arguments)
        let user = try findUser(arguments.positionals[1], store, command: "users remove")
        let organization = try findOrganization(try arguments.required("org", command: "users remove"), store)
        let revoked = try refusals("users remove") {
            try store.removeMember(organizationID: organization.id, userID: user.id)
        }
        output(arguments, json: ["id": .string(user.id), "organization_id": .string(organization.id),
                                 "revoked_keys": .array(revoked.map(JSONValue.string))],
               text: "\(user.id) removed from \(organization.id); keys revoked: \(revoked.isEmpty ? "none" : revoked.joined(separator: ", "))")
    }

    static func rotateToken(_ arguments: Arguments) throws {
        let store = try open(arguments)
        let user = try findUser(arguments.positionals[1], store, command: "users rotate-token")
        let token = Credentials.newUserToken()
        try store.rotateToken(userID: user.id, tokenHash: Credentials.hash(token))
        output(arguments, json: ["id": .string(user.id), "token": .string(token)], text: "\(user.id)\ntoken: \(token)")
    }

    static func listKeys(_ arguments: Arguments) throws {
        let store = try open(arguments)
        let organization = try findOrganization(try arguments.required("org", command: "keys list"), store)
        let listings = try store.apiKeys(organizationID: organization.id)
        if arguments.has("json") {
            let data = listings.map { listing -> JSONValue in
                let key = listing.key
                return .object(["object": "api_key", "id": .string(key.id), "name": JSONValue(key.name),
                                "user_id": .string(key.userID), "user_email": .string(listing.userEmail),
                                "organization_id": JSONValue(key.organizationID),
                                "created_at": .string(Timestamp.rfc3339(key.createdAt)),
                                "last_used_at": JSONValue(key.lastUsedAt.map(Timestamp.rfc3339))])
            }
            print(JSONValue.object(["object": "list", "data": .array(data)]).serialized())
            return
        }
        let rows = [["ID", "NAME", "USER", "CREATED", "LAST USED"]] + listings.map { listing in
            [listing.key.id, listing.key.name ?? "-", listing.userEmail, Timestamp.rfc3339(listing.key.createdAt),
             listing.key.lastUsedAt.map(Timestamp.rfc3339) ?? "never"]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func revokeKey(_ arguments: Arguments) throws {
        let id = arguments.positionals[1]
        let store = try open(arguments)
        let key = try refusals("keys revoke") { try store.revokeAPIKey(id: id) }
        let revokedAt = key.revokedAt.map(Timestamp.rfc3339) ?? ""
        output(arguments, json: ["id": .string(key.id), "revoked_at": .string(revokedAt)], text: "\(key.id) revoked at \(revokedAt)")
    }

    /// The user named by email or `usr_…` id.
    static func findUser(_ text: String, _ store: StateStore, command: String) throws -> User {
        if let user = try store.user(id: text) ?? store.user(email: text) { return user }
        throw Arguments.UsageError(description: "\(command): no user \(text) (give its email or usr_… id; "
                                   + "`studio users create` makes one)")
    }

    /// Runs `body`, turning the state's refusals into the command's own words.
    private static func refusals<T>(_ command: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StoreError {
            switch error {
            case .notFound(let what), .conflict(let what), .invalid(let what):
                throw RefusedError(description: "\(command): \(what)")
            case .invalidSecret: throw error
            }
        }
    }
}
