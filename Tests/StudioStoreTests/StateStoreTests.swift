import Foundation
import StudioCore
import Testing
@testable import StudioStore

@Suite struct StateStoreFileTests {
    @Test func createsTheStateOwnerOnlyWithItsSchemaAndSecret() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try StateStore(directory: directory)
        #expect(try store.schemaVersion() == Schema.migrations.count)
        #expect(try store.integrityCheck() == "ok")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)

        let secret = try SigningSecret.load(from: directory)
        #expect(secret.count == 32)
        #expect(Set(secret).count > 8, "32 random bytes are not all alike")
        let secretAttributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("secret").path)
        #expect((secretAttributes[.posixPermissions] as? Int) == 0o600)
        #expect(try SigningSecret.load(from: directory) == secret, "the secret is created once and kept")

        // Reopening keeps the data and does not migrate again.
        let organization = try store.createOrganization(name: "Kept", slug: "kept")
        let reopened = try StateStore(directory: directory)
        #expect(try reopened.organization(slug: "kept") == organization)
        #expect(try reopened.schemaVersion() == Schema.migrations.count)
    }

    @Test func aDamagedSecretIsAnErrorNotANewSecret() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: directory.appendingPathComponent("secret"))
        #expect(throws: StoreError.self) { try SigningSecret.load(from: directory) }
        #expect(try Data(contentsOf: directory.appendingPathComponent("secret")) == Data([1, 2, 3]))
    }
}

@Suite struct IdentityTests {
    @Test func usersMembershipsAndKeys() throws {
        let f = try StoreFixture()
        #expect(try f.store.user(tokenHash: "hash-owner") == f.owner)
        #expect(try f.store.user(tokenHash: "nope") == nil)
        #expect(try f.store.role(of: f.owner.id, in: f.organization.id) == .owner)
        #expect(try f.store.role(of: f.member.id, in: f.organization.id) == .member)
        #expect(try f.store.firstOwner(of: f.organization.id) == f.owner.id)
        #expect(throws: StoreError.self) { try f.store.createUser(email: "OWNER@example.com", tokenHash: "other") }

        let other = try f.store.createOrganization(name: "Other")
        #expect(try f.store.role(of: f.owner.id, in: other.id) == nil)
        let key = try f.store.createAPIKey(userID: f.member.id, organizationID: other.id, name: "ci", keyHash: "key-hash")
        #expect(ObjectID.isWellFormed(key.id, kind: .apiKey))
        #expect(try f.store.apiKey(hash: "key-hash") == key)
        #expect(try f.store.apiKey(hash: "key-hash-2") == nil)
    }

    @Test func idsHaveTheirPrefixAndNeverRepeat() {
        var seen = Set<String>()
        for kind in ObjectKind.allCases {
            for _ in 0..<200 {
                let id = ObjectID.make(kind)
                #expect(ObjectID.isWellFormed(id, kind: kind))
                #expect(seen.insert(id).inserted)
            }
        }
        #expect(!ObjectID.isWellFormed("mtrack_short", kind: .track))
        #expect(!ObjectID.isWellFormed(ObjectID.make(.track), kind: .collection))
        #expect(!ObjectID.isWellFormed("mtrack_" + String(repeating: "-", count: 22), kind: .track))
    }

    @Test func timestampsAreRFC3339InUTCWithMilliseconds() {
        #expect(Timestamp.rfc3339(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.rfc3339(milliseconds: 1_764_083_820_123) == "2025-11-25T15:17:00.123Z")
        let parsed = Timestamp.parse("2027-06-30T00:00:00Z")
        #expect(parsed.map(Timestamp.milliseconds) == 1_814_313_600_000)
        #expect(Timestamp.parse("2027-06-30T02:00:00.5+02:00").map(Timestamp.milliseconds) == 1_814_313_600_500)
        #expect(Timestamp.parse("yesterday") == nil)
    }
}
