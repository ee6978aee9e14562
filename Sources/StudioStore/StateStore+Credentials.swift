import Foundation
import StudioCore

/// The lifecycle of credentials and memberships: listing and revoking keys, rotating a user's
/// token, joining and leaving organizations.
///
/// The server looks credentials up on every request and caches none, so each change here takes
/// effect on the next request of a running server, in this process or another.
extension StateStore {
    /// An API key as `studio keys list` shows it: never the key, only what identifies it.
    public struct KeyListing: Sendable, Equatable {
        public var key: APIKey
        public var userEmail: String
    }

    /// The live keys that can act in `organizationID`: those bound to it and the unbound keys of
    /// its members, oldest first.
    public func apiKeys(organizationID: String) throws -> [KeyListing] {
        try database.query("""
            SELECT k.*, u.email FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.revoked_at IS NULL AND (k.organization_id = ?1 OR (k.organization_id IS NULL
                AND k.user_id IN (SELECT user_id FROM memberships WHERE organization_id = ?1)))
            ORDER BY k.created_at, k.id
            """, [.text(organizationID)]).map { KeyListing(key: Self.apiKey($0), userEmail: $0.requiredString("email")) }
    }

    public func apiKey(id: String) throws -> APIKey? {
        try database.query("SELECT * FROM api_keys WHERE id = ?", [.text(id)]).first.map(Self.apiKey)
    }

    /// Revokes the key: it stops working at once, for good. Revoking a revoked key changes
    /// nothing and returns it as it was (like a repeated DELETE); an unknown id is `notFound`.
    @discardableResult
    public func revokeAPIKey(id: String) throws -> APIKey {
        try database.transaction {
            try database.run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                             [.integer(nowMilliseconds), .text(id)])
            guard let key = try apiKey(id: id) else { throw StoreError.notFound("no API key \(id)") }
            return key
        }
    }

    /// Records that the key was just used, unless a use was recorded in the last `interval`: the
    /// condition is in the statement, so concurrent requests (or servers) write at most once a
    /// minute per key, and a use within the minute costs no write at all.
    public func recordUse(ofAPIKey id: String, interval: TimeInterval = 60) throws {
        let now = nowMilliseconds
        try database.run("""
            UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at <= ?1 - ?3)
            """, [.integer(now), .text(id), .integer(Int64(interval * 1000))])
    }

    /// Replaces the user's bearer token: the old one stops working with this commit.
    public func rotateToken(userID: String, tokenHash: String) throws {
        try database.transaction {
            guard try user(id: userID) != nil else { throw StoreError.notFound("no user \(userID)") }
            try database.run("UPDATE users SET token_hash = ? WHERE id = ?", [.text(tokenHash), .text(userID)])
        }
    }

    /// Makes an existing user a member with `role` (or changes their role). Refuses to demote
    /// the organization's last owner, which would leave nobody able to administer it.
    public func setMembership(organizationID: String, userID: String, role: MembershipRole) throws {
        try database.transaction {
            if role != .owner, try self.role(of: userID, in: organizationID) == .owner, try ownerCount(organizationID) == 1 {
                throw StoreError.conflict("\(userID) is the last owner of \(organizationID); make another member an owner first")
            }
            try addMember(organizationID: organizationID, userID: userID, role: role)
        }
    }

    /// Removes the user from the organization, in one transaction: their API keys bound to it
    /// are revoked (they must not work again if the user rejoins), and their active focus
    /// sessions there are ended (they would otherwise keep rendering on the organization's
    /// quota). Their tracks stay with the organization; their library and collections stay
    /// too, out of their reach, and come back if they rejoin. Refuses to remove the last owner.
    /// Returns the ids of the keys it revoked.
    @discardableResult
    public func removeMember(organizationID: String, userID: String) throws -> [String] {
        try database.transaction {
            guard let role = try role(of: userID, in: organizationID) else {
                throw StoreError.notFound("\(userID) is not a member of \(organizationID)")
            }
            if role == .owner, try ownerCount(organizationID) == 1 {
                throw StoreError.conflict("\(userID) is the last owner of \(organizationID); make another member an owner first")
            }
            let now = nowMilliseconds
            let revoked = try database.query("""
                SELECT id FROM api_keys WHERE user_id = ? AND organization_id = ? AND revoked_at IS NULL ORDER BY id
                """, [.text(userID), .text(organizationID)]).map { $0.requiredString("id") }
            try database.run("UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND organization_id = ? AND revoked_at IS NULL",
                             [.integer(now), .text(userID), .text(organizationID)])
            try database.run("""
                UPDATE focus_sessions SET status = 'ended', ended_at = ? WHERE organization_id = ? AND user_id = ? AND status = 'active'
                """, [.integer(now), .text(organizationID), .text(userID)])
            try database.run("DELETE FROM memberships WHERE organization_id = ? AND user_id = ?",
                             [.text(organizationID), .text(userID)])
            return revoked
        }
    }

    private func ownerCount(_ organizationID: String) throws -> Int {
        try database.query("SELECT count(*) AS n FROM memberships WHERE organization_id = ? AND role = 'owner'",
                           [.text(organizationID)]).first?.int("n") ?? 0
    }
}
