import Foundation
import StudioCore

/// Organizations, users, memberships and API keys.
extension StateStore {
    public func createOrganization(name: String, slug: String? = nil) throws -> Organization {
        let organization = Organization(id: ObjectID.make(.organization), slug: slug, name: name, createdAt: now)
        try database.run("INSERT INTO organizations (id, slug, name, created_at) VALUES (?, ?, ?, ?)",
                         [.text(organization.id), .optional(slug), .text(name), .date(organization.createdAt)])
        return organization
    }

    public func organization(id: String) throws -> Organization? {
        try database.query("SELECT * FROM organizations WHERE id = ?", [.text(id)]).first.map(Self.organization)
    }

    public func organization(slug: String) throws -> Organization? {
        try database.query("SELECT * FROM organizations WHERE slug = ?", [.text(slug)]).first.map(Self.organization)
    }

    public func organizations() throws -> [Organization] {
        try database.query("SELECT * FROM organizations ORDER BY created_at, id").map(Self.organization)
    }

    /// The organizations `userID` is a member of, with their role there, oldest first; only
    /// `boundTo` when given (an API key bound to one organization sees nothing else).
    public func memberships(userID: String, boundTo organizationID: String?,
                            page: PageRequest) throws -> Page<(organization: Organization, role: MembershipRole)> {
        var sql = "SELECT o.*, m.role FROM organizations o JOIN memberships m ON m.organization_id = o.id WHERE m.user_id = ?"
        var bindings: [SQLValue] = [.text(userID)]
        if let organizationID {
            sql += " AND o.id = ?"
            bindings.append(.text(organizationID))
        }
        return try self.page(sql, bindings, timeColumn: "o.created_at", idColumn: "o.id", request: page, ascending: true) {
            (organization: Self.organization($0), role: $0.string("role").flatMap(MembershipRole.init) ?? .member)
        }
    }

    /// Creates a user whose bearer token hashes to `tokenHash`.
    public func createUser(email: String, tokenHash: String) throws -> User {
        if try database.query("SELECT id FROM users WHERE email = ?", [.text(email)]).first != nil {
            throw StoreError.conflict("a user with the email \(email) already exists")
        }
        let user = User(id: ObjectID.make(.user), email: email, createdAt: now)
        try database.run("INSERT INTO users (id, email, token_hash, created_at) VALUES (?, ?, ?, ?)",
                         [.text(user.id), .text(email), .text(tokenHash), .date(user.createdAt)])
        return user
    }

    public func user(id: String) throws -> User? {
        try database.query("SELECT * FROM users WHERE id = ?", [.text(id)]).first.map(Self.user)
    }

    public func user(email: String) throws -> User? {
        try database.query("SELECT * FROM users WHERE email = ?", [.text(email)]).first.map(Self.user)
    }

    /// The user whose bearer token hashes to `tokenHash`.
    public func user(tokenHash: String) throws -> User? {
        try database.query("SELECT * FROM users WHERE token_hash = ?", [.text(tokenHash)]).first.map(Self.user)
    }

    public func addMember(organizationID: String, userID: String, role: MembershipRole) throws {
        try database.run("""
            INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
            """, [.text(organizationID), .text(userID), .text(role.rawValue), .integer(nowMilliseconds)])
    }

    /// The user's role in the organization; nil when not a member.
    public func role(of userID: String, in organizationID: String) throws -> MembershipRole? {
        try database.query("SELECT role FROM memberships WHERE organization_id = ? AND user_id = ?",
                           [.text(organizationID), .text(userID)]).first?.string("role").flatMap(MembershipRole.init)
    }

    /// The organization's first owner: recipe-made objects belong to them.
    public func firstOwner(of organizationID: String) throws -> String? {
        try database.query("""
            SELECT user_id FROM memberships WHERE organization_id = ? AND role = 'owner' ORDER BY created_at, user_id LIMIT 1
            """, [.text(organizationID)]).first?.string("user_id")
    }

    public func createAPIKey(userID: String, organizationID: String?, name: String?, keyHash: String) throws -> APIKey {
        let key = APIKey(id: ObjectID.make(.apiKey), userID: userID, organizationID: organizationID, name: name, createdAt: now)
        try database.run("""
            INSERT INTO api_keys (id, user_id, organization_id, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(key.id), .text(userID), .optional(organizationID), .optional(name), .text(keyHash), .date(key.createdAt)])
        return key
    }

    /// The live (unrevoked) API key whose hash is `keyHash`.
    public func apiKey(hash keyHash: String) throws -> APIKey? {
        try database.query("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [.text(keyHash)]).first.map(Self.apiKey)
    }

    static func apiKey(_ row: Row) -> APIKey {
        APIKey(id: row.requiredString("id"), userID: row.requiredString("user_id"), organizationID: row.string("organization_id"),
               name: row.string("name"), createdAt: row.date("created_at") ?? .distantPast,
               lastUsedAt: row.date("last_used_at"), revokedAt: row.date("revoked_at"))
    }

    static func organization(_ row: Row) -> Organization {
        Organization(id: row.requiredString("id"), slug: row.string("slug"), name: row.requiredString("name"),
                     createdAt: row.date("created_at") ?? .distantPast)
    }

    static func user(_ row: Row) -> User {
        User(id: row.requiredString("id"), email: row.requiredString("email"), createdAt: row.date("created_at") ?? .distantPast)
    }
}
