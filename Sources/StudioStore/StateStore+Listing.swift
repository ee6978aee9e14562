import Foundation
import StudioCore

/// The lists the API shows of what an organization owns (issue #17): every track, share links
/// and focus sessions, keyset-paged newest first like the other lists.
extension StateStore {
    /// The organization's tracks, newest first, those whose title or prompt holds `text` (any
    /// case, ASCII letters folded; `nil` or empty: all). A plain substring: `%` and `_` mean
    /// themselves, so that a search for "100%" finds "100%", not everything.
    public func tracks(organizationID: String, matching text: String?, page: PageRequest) throws -> Page<Track> {
        guard let text, !text.isEmpty else { return try tracks(organizationID: organizationID, page: page) }
        return try database.read {
            try self.page("""
                SELECT * FROM tracks WHERE organization_id = ? AND (instr(lower(title), lower(?)) > 0 OR instr(lower(prompt), lower(?)) > 0)
                """, [.text(organizationID), .text(text), .text(text)], timeColumn: "created_at", request: page, map: readTrack)
        }
    }

    /// The organization's share links, newest first, live or not; only `creatorID`'s when given.
    public func shares(organizationID: String, creatorID: String?, page: PageRequest) throws -> Page<ShareLink> {
        var sql = "SELECT * FROM share_links WHERE organization_id = ?"
        var bindings: [SQLValue] = [.text(organizationID)]
        if let creatorID {
            sql += " AND creator_id = ?"
            bindings.append(.text(creatorID))
        }
        return try self.page(sql, bindings, timeColumn: "created_at", request: page, map: Self.share)
    }

    /// The user's focus sessions in the organization, newest first, with their segments.
    public func focusSessions(organizationID: String, userID: String, page: PageRequest) throws -> Page<FocusSession> {
        try database.read {
            let ids = try self.page("SELECT id, created_at FROM focus_sessions WHERE organization_id = ? AND user_id = ?",
                                    [.text(organizationID), .text(userID)], timeColumn: "created_at", request: page) {
                $0.requiredString("id")
            }
            return Page(items: try ids.items.compactMap { try focusSession(id: $0) }, next: ids.next)
        }
    }

    /// Gives an ownerless collection (one `studio build` made before the organization had an
    /// owner) to `ownerID`; a collection that has an owner keeps it. Returns the collection.
    @discardableResult
    public func adoptCollection(id: String, ownerID: String) throws -> MusicCollection? {
        try database.run("UPDATE collections SET owner_id = ? WHERE id = ? AND owner_id IS NULL", [.text(ownerID), .text(id)])
        return try collection(id: id)
    }
}

extension StateStore {
    /// Gives every ownerless collection of the organization to `ownerID` (see `adoptCollection`).
    /// Reads first, so that the usual case (nothing to adopt) takes no write lock.
    public func adoptOwnerlessCollections(organizationID: String, ownerID: String) throws {
        guard try !database.query("SELECT 1 FROM collections WHERE organization_id = ? AND owner_id IS NULL LIMIT 1",
                                  [.text(organizationID)]).isEmpty else { return }
        try database.run("UPDATE collections SET owner_id = ? WHERE organization_id = ? AND owner_id IS NULL",
                         [.text(ownerID), .text(organizationID)])
    }
}
