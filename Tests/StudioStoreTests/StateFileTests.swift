import Foundation
import Glibc
import StudioCore
import Testing
@testable import StudioStore

/// The state file itself: private to its owner whatever directory it lands in, and opened by a
/// newer build without losing what an older one stored.
@Suite(.serialized) struct StateFileTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("studio-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
    }

    @Test func theDatabaseAndItsLogsAreOwnerOnlyInADirectoryThatAlreadyExisted() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        chmod(directory.path, 0o755)
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try StateStore(directory: directory)
        _ = try store.createOrganization(name: "Demo")   // a write, so that the -wal and -shm files exist
        let database = directory.appendingPathComponent(StateStore.databaseName).path
        for path in [database, database + "-wal", database + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            #expect(Self.mode(path) == 0o600, "\(path): \(String(Self.mode(path) ?? 0, radix: 8))")
        }
    }

    @Test func aStateFileLeftWorldReadableIsNarrowedWhenOpened() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent(StateStore.databaseName).path
        do { _ = try StateStore(directory: directory) }
        chmod(database, 0o644)
        _ = try StateStore(directory: directory)
        #expect(Self.mode(database) == 0o600)
    }

    /// A state made by the first schema (before keys recorded their last use) opens, migrates,
    /// and keeps its keys working.
    @Test func aVersionOneStateOpensWithItsKeysIntact() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let old = try Database(path: directory.appendingPathComponent(StateStore.databaseName).path)
            try old.migrate([Schema.version1])
            try old.execute("""
                INSERT INTO organizations (id, slug, name, created_at) VALUES ('org_old', 'old', 'Old', 1);
                INSERT INTO users (id, email, token_hash, created_at) VALUES ('usr_old', 'old@example.com', 'token-hash', 1);
                INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ('org_old', 'usr_old', 'owner', 1);
                INSERT INTO api_keys (id, user_id, organization_id, name, key_hash, created_at)
                    VALUES ('mkey_old', 'usr_old', 'org_old', 'ci', 'key-hash', 1);
                """)
            #expect(try old.userVersion() == 1)
        }
        let store = try StateStore(directory: directory)
        #expect(try store.schemaVersion() == Schema.migrations.count)
        let key = try #require(try store.apiKey(hash: "key-hash"))
        #expect(key.id == "mkey_old" && key.lastUsedAt == nil)
        try store.recordUse(ofAPIKey: "mkey_old")
        let listed = try store.apiKeys(organizationID: "org_old")
        #expect(listed.count == 1 && listed.first?.key.lastUsedAt != nil && listed.first?.userEmail == "old@example.com")
        #expect(try store.user(tokenHash: "token-hash")?.id == "usr_old")
    }

    /// A use is written at most once a minute per key: the second use within the minute leaves
    /// the recorded time alone, one after it moves it.
    @Test func aKeysUseIsRecordedAtMostOnceAMinute() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let key = try store.createAPIKey(userID: fixture.owner.id, organizationID: fixture.organization.id, name: nil, keyHash: "k")
        try store.recordUse(ofAPIKey: key.id)
        let first = try #require(try store.apiKey(id: key.id)?.lastUsedAt)
        fixture.clock.advance(seconds: 30)
        try store.recordUse(ofAPIKey: key.id)
        #expect(try store.apiKey(id: key.id)?.lastUsedAt == first)
        fixture.clock.advance(seconds: 31)
        try store.recordUse(ofAPIKey: key.id)
        #expect(try store.apiKey(id: key.id)?.lastUsedAt == first.addingTimeInterval(61))
    }
}
