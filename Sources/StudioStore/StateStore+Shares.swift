import Foundation
import StudioCore

/// Share links: created with the hash of their token, resolved by it, revoked for good.
extension StateStore {
    /// Stores a share link. `id` is chosen by the caller, because the token is derived from it
    /// (HMAC of the id under the signing secret) and its hash is stored with it.
    public func createShare(id: String, organizationID: String, creatorID: String?, target: ShareLink.Target,
                            tokenHash: String, expiresAt: Date?) throws -> ShareLink {
        let share = ShareLink(id: id, organizationID: organizationID, creatorID: creatorID, target: target,
                              tokenHash: tokenHash, createdAt: now, expiresAt: expiresAt, revokedAt: nil)
        try database.run("""
            INSERT INTO share_links (id, organization_id, creator_id, target_type, target_id, token_hash, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(id), .text(organizationID), .optional(creatorID), .text(target.typeName), .text(target.id),
                  .text(tokenHash), .date(share.createdAt), .date(expiresAt)])
        return share
    }

    public func share(id: String) throws -> ShareLink? {
        try database.query("SELECT * FROM share_links WHERE id = ?", [.text(id)]).first.map(Self.share)
    }

    /// The share whose token hashes to `tokenHash`, live or not (the caller tells 404 from 410).
    public func share(tokenHash: String) throws -> ShareLink? {
        try database.query("SELECT * FROM share_links WHERE token_hash = ?", [.text(tokenHash)]).first.map(Self.share)
    }

    /// Every share link that is open at `now`: what `public/` must hold.
    public func liveShares() throws -> [ShareLink] {
        try database.query("""
            SELECT * FROM share_links WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, id
            """, [.integer(nowMilliseconds)]).map(Self.share)
    }

    /// Whether any link open at `now` shares the collection: one indexed lookup, not a scan of `liveShares()`.
    public func hasLiveShare(collectionID: String) throws -> Bool {
        try !database.query("""
            SELECT 1 FROM share_links WHERE target_type = 'collection' AND target_id = ? AND revoked_at IS NULL
            AND (expires_at IS NULL OR expires_at > ?) LIMIT 1
            """, [.text(collectionID), .integer(nowMilliseconds)]).isEmpty
    }

    public func shares(organizationID: String) throws -> [ShareLink] {
        try database.query("SELECT * FROM share_links WHERE organization_id = ? ORDER BY created_at, id",
                           [.text(organizationID)]).map(Self.share)
    }

    /// Revokes the link; revoking twice keeps the first time. Nil when there is no such link.
    @discardableResult
    public func revokeShare(id: String) throws -> ShareLink? {
        try database.transaction {
            try database.run("UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                             [.integer(nowMilliseconds), .text(id)])
            return try share(id: id)
        }
    }

    static func share(_ row: Row) -> ShareLink {
        let targetID = row.requiredString("target_id")
        let target: ShareLink.Target = row.string("target_type") == "collection" ? .collection(targetID) : .track(targetID)
        return ShareLink(id: row.requiredString("id"), organizationID: row.requiredString("organization_id"),
                         creatorID: row.string("creator_id"), target: target, tokenHash: row.requiredString("token_hash"),
                         createdAt: row.date("created_at") ?? .distantPast, expiresAt: row.date("expires_at"),
                         revokedAt: row.date("revoked_at"))
    }
}

/// Recipe names bound once and for all to the ids the first build created (CONTRACT §9).
extension StateStore {
    public enum RecipeKind: String, Sendable, CaseIterable { case track, collection, share, focus }

    public func binding(organizationID: String, kind: RecipeKind, name: String) throws -> String? {
        try database.query("SELECT object_id FROM recipe_bindings WHERE organization_id = ? AND kind = ? AND name = ?",
                           [.text(organizationID), .text(kind.rawValue), .text(name)]).first?.string("object_id")
    }

    public func bind(organizationID: String, kind: RecipeKind, name: String, objectID: String) throws {
        try database.run("""
            INSERT INTO recipe_bindings (organization_id, kind, name, object_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (organization_id, kind, name) DO UPDATE SET object_id = excluded.object_id
            """, [.text(organizationID), .text(kind.rawValue), .text(name), .text(objectID)])
    }

    public func unbind(organizationID: String, kind: RecipeKind, name: String) throws {
        try database.run("DELETE FROM recipe_bindings WHERE organization_id = ? AND kind = ? AND name = ?",
                         [.text(organizationID), .text(kind.rawValue), .text(name)])
    }

    /// Every binding of `kind` in the organization: name → object id.
    public func bindings(organizationID: String, kind: RecipeKind) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try database.query("SELECT name, object_id FROM recipe_bindings WHERE organization_id = ? AND kind = ?",
                                      [.text(organizationID), .text(kind.rawValue)]) {
            result[row.requiredString("name")] = row.requiredString("object_id")
        }
        return result
    }
}

extension StateStore {
    /// Changes when a live link expires (a recipe's `expires` edited).
    public func setShareExpiry(id: String, expiresAt: Date?) throws {
        try database.run("UPDATE share_links SET expires_at = ? WHERE id = ? AND revoked_at IS NULL", [.date(expiresAt), .text(id)])
    }
}
