import Foundation
import StudioBuild
import StudioCore
import StudioStore
import Testing

/// Issue #17: a recipe collection built before its organization had an owner belongs to the owner
/// it has later, and a later build puts back what the recipe declares (the recipe wins).
@Suite struct RecipeCollectionOwnerTests {
    @Test func aLaterBuildGivesTheCollectionToTheOwnerAndRestoresTheRecipe() throws {
        let f = try BuildFixture()
        defer { f.cleanUp() }
        try f.write("site.json5", BuildFixture.recipeSet)
        _ = try f.build()
        let store = try f.store()
        let org = try #require(try store.organization(slug: "demo"))
        let id = try #require(try store.binding(organizationID: org.id, kind: .collection, name: "both"))
        #expect(try store.collection(id: id)?.ownerID == nil)

        let owner = try store.createUser(email: "owner@example.test", tokenHash: "hash")
        try store.addMember(organizationID: org.id, userID: owner.id, role: .owner)
        // What an edit through the API does to the collection in between.
        _ = try store.updateCollection(id: id, name: "Renamed by hand", description: .some(nil))
        let tracks = try store.collectionTrackIDs(id)
        try store.reorderCollection(id, trackIDs: tracks.reversed())

        _ = try f.build()
        let rebuilt = try #require(try store.collection(id: id))
        #expect(rebuilt.ownerID == owner.id)
        #expect(rebuilt.name == "Both")
        #expect(rebuilt.description == "Two short pieces.")
        #expect(try store.collectionTrackIDs(id) == tracks)
    }
}
