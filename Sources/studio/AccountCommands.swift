import Foundation
import StudioAPI
import StudioCore
import StudioStore

/// `studio orgs create`, `studio users create`, `studio keys create`: the accounts the API
/// authenticates. Secrets are printed once and stored only as hashes.
enum AccountCommands {
    static let help = """
    usage: studio orgs create NAME [--json] [--state DIR]
           studio orgs show ORG [--json] [--state DIR]
           studio users create EMAIL --org ORG [--role owner|member] [--json] [--state DIR]
           studio users add EMAIL --org ORG [--role member|owner] [--state DIR]
           studio users remove EMAIL --org ORG [--state DIR]
           studio users rotate-token EMAIL [--json] [--state DIR]
           studio keys create --user USR|EMAIL --org ORG [--name N] [--json] [--state DIR]
           studio keys list --org ORG [--json] [--state DIR]
           studio keys revoke KEY_ID [--json] [--state DIR]

    ORG is an organization id (org_…) or the slug a recipe gave it. Tokens and keys are shown
    once: the state keeps only their SHA-256. `users add` puts an existing user into another
    organization (or changes their role there); `users remove` takes them out and revokes their
    keys bound to it (the last owner cannot be removed or demoted). `users rotate-token` prints a
    new token and the old one stops working; `keys revoke` stops a key. `keys list` shows each
    live key's id, name, user, creation and last use (recorded at most once a minute), never the
    key. A running `studio serve` obeys every change on its next request.
    """

    static func orgs(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "orgs", valued: ["state"], boolean: ["json"])
        if arguments.positionals.first == "show", arguments.positionals.count == 2 {
            let organization = try findOrganization(arguments.positionals[1], try open(arguments))
            output(arguments, json: ["id": .string(organization.id), "name": .string(organization.name),
                                     "slug": JSONValue(organization.slug)], text: organization.id)
            return
        }
        guard arguments.positionals.first == "create", arguments.positionals.count == 2 else {
            throw Arguments.UsageError(description: "orgs: expected `studio orgs create NAME` or `studio orgs show ORG`")
        }
        let name = arguments.positionals[1]
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200, !TextRules.containsControl(name) else {
            throw Arguments.UsageError(description: "orgs create: NAME must be 1 to 200 characters, without control characters")
        }
        let store = try open(arguments)
        // A name shaped like a recipe slug becomes the slug too, so that recipes naming it find it.
        let slugShaped = name.wholeMatch(of: /[a-z0-9][a-z0-9-]{0,62}/) != nil
        let taken = try store.organization(slug: name) != nil
        let slug = slugShaped && !taken ? name : nil
        let organization = try store.createOrganization(name: name, slug: slug)
        output(arguments, json: ["id": .string(organization.id)], text: organization.id)
    }

    static func users(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "users", valued: ["state", "org", "role"], boolean: ["json"])
        switch (arguments.positionals.first, arguments.positionals.count) {
        case ("create", 2): try createUser(arguments)
        case ("add", 2): try addUser(arguments)
        case ("remove", 2): try removeUser(arguments)
        case ("rotate-token", 2): try rotateToken(arguments)
        default:
            throw Arguments.UsageError(description: "users: expected `studio users create|add|remove EMAIL --org ORG` "
                                       + "or `studio users rotate-token EMAIL`")
        }
    }

    private static func createUser(_ arguments: Arguments) throws {
        let email = arguments.positionals[1]
        guard email.wholeMatch(of: /[^@\s]+@[^@\s]+/) != nil, email.count <= 254 else {
            throw Arguments.UsageError(description: "users create: \(email) is not an email address")
        }
        let role = try role(arguments, command: "users create")
        let store = try open(arguments)
        let organization = try findOrganization(try arguments.required("org", command: "users create"), store)
        if try store.user(email: email) != nil {
            throw Arguments.UsageError(description: "users create: \(email) already exists; "
                                       + "`studio users add \(email) --org ORG` puts them into another organization")
        }
        let token = Credentials.newUserToken()
        let user = try store.atomically {
            let user = try store.createUser(email: email, tokenHash: Credentials.hash(token))
            try store.addMember(organizationID: organization.id, userID: user.id, role: role)
            return user
        }
        output(arguments, json: ["id": .string(user.id), "token": .string(token)], text: "\(user.id)\ntoken: \(token)")
    }

    static func role(_ arguments: Arguments, command: String) throws -> MembershipRole {
        let roleText = arguments.value("role") ?? "member"
        guard let role = MembershipRole(rawValue: roleText) else {
            throw Arguments.UsageError(description: "\(command): --role must be owner or member, got \(roleText)")
        }
        return role
    }

    static func keys(_ raw: [String]) throws {
        if raw.contains("--help") || raw.contains("-h") { print(help); return }
        let arguments = try Arguments(raw, command: "keys", valued: ["state", "org", "user", "name"], boolean: ["json"])
        switch (arguments.positionals.first, arguments.positionals.count) {
        case ("create", 1): try createKey(arguments)
        case ("list", 1): try listKeys(arguments)
        case ("revoke", 2): try revokeKey(arguments)
        default:
            throw Arguments.UsageError(description: "keys: expected `studio keys create --user USR --org ORG`, "
                                       + "`studio keys list --org ORG` or `studio keys revoke KEY_ID`")
        }
    }

    private static func createKey(_ arguments: Arguments) throws {
        let store = try open(arguments)
        let userText = try arguments.required("user", command: "keys create")
        guard let userID = try (store.user(id: userText) ?? store.user(email: userText))?.id else {
            throw Arguments.UsageError(description: "keys create: no user \(userText) (give its usr_… id or email)")
        }
        let organization = try findOrganization(try arguments.required("org", command: "keys create"), store)
        guard try store.role(of: userID, in: organization.id) != nil else {
            throw Arguments.UsageError(description: "keys create: \(userID) is not a member of \(organization.id)")
        }
        if let name = arguments.value("name"), name.isEmpty || name.count > 200 || TextRules.containsControl(name) {
            throw Arguments.UsageError(description: "keys create: --name must be 1 to 200 characters, without control characters")
        }
        let secret = Credentials.newAPIKey()
        let key = try store.createAPIKey(userID: userID, organizationID: organization.id, name: arguments.value("name"),
                                         keyHash: Credentials.hash(secret))
        output(arguments, json: ["id": .string(key.id), "key": .string(secret)], text: "\(key.id)\nkey: \(secret)")
    }

    static func open(_ arguments: Arguments) throws -> StateStore {
        let environment = ProcessInfo.processInfo.environment
        let path = arguments.value("state") ?? environment["STUDIO_STATE"] ?? ".studio"
        return try StateStore(directory: URL(fileURLWithPath: path).standardizedFileURL)
    }

    static func findOrganization(_ text: String, _ store: StateStore) throws -> Organization {
        if let organization = try store.organization(id: text) ?? store.organization(slug: text) { return organization }
        throw Arguments.UsageError(description: "no organization \(text) (give its org_… id or its recipe slug)")
    }

    static func output(_ arguments: Arguments, json: [String: JSONValue], text: String) {
        print(arguments.has("json") ? JSONValue.object(json).serialized() : text)
    }
}
