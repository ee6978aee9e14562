import Foundation
import StudioCore

/// Library entries and collections: both belong to a user within an organization.
extension StateStore {
    // MARK: Library

    /// Saves a track to the user's library; saving again returns the existing entry
    /// (`created` false), so that the API can answer 200 instead of 201.
    public func saveToLibrary(organizationID: String, userID: String, trackID: String) throws -> (entry: LibraryEntry, created: Bool) {
        try database.transaction {
            if let existing = try database.query("""
                SELECT * FROM library_entries WHERE organization_id = ? AND user_id = ? AND track_id = ?
                """, [.text(organizationID), .text(userID), .text(trackID)]).first {
                return (Self.libraryEntry(existing), false)
            }
            let entry = LibraryEntry(id: ObjectID.make(.libraryEntry), organizationID: organizationID, userID: userID,
                                     trackID: trackID, savedAt: now)
            try database.run("""
                INSERT INTO library_entries (id, organization_id, user_id, track_id, saved_at) VALUES (?, ?, ?, ?, ?)
                """, [.text(entry.id), .text(organizationID), .text(userID), .text(trackID), .date(entry.savedAt)])
            return (entry, true)
        }
    }

    /// Removes a saved track; false when it was not saved.
    @discardableResult
    public func removeFromLibrary(organizationID: String, userID: String, trackID: String) throws -> Bool {
        try database.transaction {
            try database.run("DELETE FROM library_entries WHERE organization_id = ? AND user_id = ? AND track_id = ?",
                             [.text(organizationID), .text(userID), .text(trackID)])
            return database.changes > 0
        }
    }

    /// The user's library, most recently saved first.
    public func library(organizationID: String, userID: String, page: PageRequest = .all) throws -> Page<LibraryEntry> {
        try self.page("SELECT * FROM library_entries WHERE organization_id = ? AND user_id = ?",
                      [.text(organizationID), .text(userID)], timeColumn: "saved_at", request: page, map: Self.libraryEntry)
    }

    public func isSaved(organizationID: String, userID: String, trackID: String) throws -> Bool {
        try database.query("SELECT 1 AS one FROM library_entries WHERE organization_id = ? AND user_id = ? AND track_id = ?",
                           [.text(organizationID), .text(userID), .text(trackID)]).first != nil
    }

    static func libraryEntry(_ row: Row) -> LibraryEntry {
        LibraryEntry(id: row.requiredString("id"), organizationID: row.requiredString("organization_id"),
                     userID: row.requiredString("user_id"), trackID: row.requiredString("track_id"),
                     savedAt: row.date("saved_at") ?? .distantPast)
    }

    // MARK: Collections

    public func createCollection(organizationID: String, ownerID: String?, name: String, description: String?) throws -> MusicCollection {
        let time = now
        let collection = MusicCollection(id: ObjectID.make(.collection), organizationID: organizationID, ownerID: ownerID,
                                         name: name, description: description, createdAt: time, updatedAt: time)
        try database.run("""
            INSERT INTO collections (id, organization_id, owner_id, name, description, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(collection.id), .text(organizationID), .optional(ownerID), .text(name), .optional(description),
                  .date(time), .date(time)])
        return collection
    }

    public func collection(id: String) throws -> MusicCollection? {
        try database.query(Self.collectionSelect + " WHERE c.id = ?", [.text(id)]).first.map(Self.collection)
    }

    /// The user's collections in the organization, newest first.
    public func collections(organizationID: String, ownerID: String?, page: PageRequest = .all) throws -> Page<MusicCollection> {
        try self.page(Self.collectionSelect + " WHERE c.organization_id = ? AND c.owner_id IS ?",
                      [.text(organizationID), .optional(ownerID)], timeColumn: "c.created_at", idColumn: "c.id",
                      request: page, map: Self.collection)
    }

    /// Changes name and/or description; nil leaves a field as it is, `.some(nil)` clears the description.
    public func updateCollection(id: String, name: String?, description: String??) throws -> MusicCollection? {
        try database.transaction {
            guard var collection = try collection(id: id) else { return nil }
            if let name { collection.name = name }
            if let description { collection.description = description }
            try database.run("UPDATE collections SET name = ?, description = ?, updated_at = ? WHERE id = ?",
                             [.text(collection.name), .optional(collection.description), .integer(nowMilliseconds), .text(id)])
            return try self.collection(id: id)
        }
    }

    /// Deletes the collection; its tracks are untouched, its share links revoked (410 from then on).
    @discardableResult
    public func deleteCollection(id: String) throws -> Bool {
        try database.transaction {
            try database.run("""
                UPDATE share_links SET revoked_at = ? WHERE target_type = 'collection' AND target_id = ? AND revoked_at IS NULL
                """, [.integer(nowMilliseconds), .text(id)])
            try database.run("DELETE FROM collections WHERE id = ?", [.text(id)])
            let deleted = database.changes > 0
            try database.run("DELETE FROM recipe_bindings WHERE kind = 'collection' AND object_id = ?", [.text(id)])
            return deleted
        }
    }

    /// The collection's track ids in order.
    public func collectionTrackIDs(_ collectionID: String) throws -> [String] {
        try database.query("SELECT track_id FROM collection_tracks WHERE collection_id = ? ORDER BY position",
                           [.text(collectionID)]).map { $0.requiredString("track_id") }
    }

    /// Inserts a track at `position` (0-based; nil or past the end appends).
    public func addToCollection(_ collectionID: String, trackID: String, position: Int? = nil) throws {
        try database.transaction {
            var ids = try collectionTrackIDs(collectionID)
            guard !ids.contains(trackID) else { throw StoreError.conflict("track \(trackID) is already in collection \(collectionID)") }
            ids.insert(trackID, at: min(max(0, position ?? ids.count), ids.count))
            try database.run("INSERT INTO collection_tracks (collection_id, track_id, position, added_at) VALUES (?, ?, ?, ?)",
                             [.text(collectionID), .text(trackID), .integer(-1), .integer(nowMilliseconds)])
            try write(order: ids, collectionID: collectionID)
        }
    }

    /// Removes a track from the collection; false when it was not in it.
    @discardableResult
    public func removeFromCollection(_ collectionID: String, trackID: String) throws -> Bool {
        try database.transaction {
            try database.run("DELETE FROM collection_tracks WHERE collection_id = ? AND track_id = ?", [.text(collectionID), .text(trackID)])
            guard database.changes > 0 else { return false }
            try renumber(collectionID: collectionID)
            try database.run("UPDATE collections SET updated_at = ? WHERE id = ?", [.integer(nowMilliseconds), .text(collectionID)])
            return true
        }
    }

    /// Sets the order; `trackIDs` must be exactly a permutation of the collection's tracks.
    public func reorderCollection(_ collectionID: String, trackIDs: [String]) throws {
        try database.transaction {
            let current = try collectionTrackIDs(collectionID)
            guard trackIDs.count == current.count, Set(trackIDs) == Set(current), Set(trackIDs).count == trackIDs.count else {
                throw StoreError.invalid("track_ids must list each of the collection's \(current.count) tracks exactly once")
            }
            try write(order: trackIDs, collectionID: collectionID)
        }
    }

    func renumber(collectionID: String) throws {
        try write(order: try collectionTrackIDs(collectionID), collectionID: collectionID)
    }

    private func write(order ids: [String], collectionID: String) throws {
        for (position, id) in ids.enumerated() {
            try database.run("UPDATE collection_tracks SET position = ? WHERE collection_id = ? AND track_id = ?",
                             [.integer(Int64(position)), .text(collectionID), .text(id)])
        }
        try database.run("UPDATE collections SET updated_at = ? WHERE id = ?", [.integer(nowMilliseconds), .text(collectionID)])
    }

    /// A collection with its track count and total length, computed rather than stored so that
    /// they can never disagree with its tracks.
    static let collectionSelect = """
        SELECT c.*,
            (SELECT COUNT(*) FROM collection_tracks ct WHERE ct.collection_id = c.id) AS track_count,
            (SELECT COALESCE(SUM(t.duration_seconds), 0) FROM collection_tracks ct JOIN tracks t ON t.id = ct.track_id
             WHERE ct.collection_id = c.id) AS total_seconds
        FROM collections c
        """

    static func collection(_ row: Row) -> MusicCollection {
        MusicCollection(id: row.requiredString("id"), organizationID: row.requiredString("organization_id"),
                        ownerID: row.string("owner_id"), name: row.requiredString("name"), description: row.string("description"),
                        createdAt: row.date("created_at") ?? .distantPast, updatedAt: row.date("updated_at") ?? .distantPast,
                        trackCount: row.int("track_count") ?? 0, durationSeconds: row.double("total_seconds") ?? 0)
    }
}
