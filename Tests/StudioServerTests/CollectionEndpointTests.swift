import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// CONTRACT §5, collections, over real sockets (several requests per kept-alive connection).
    @Suite struct CollectionEndpointTests {
        @Test func collectionsCreateListGetUpdateDelete() async throws {
            try await StudioTestServer.with { s in
                let created = try await s.send("POST", "\(s.p())/collections", json: ["name": "Focus", "description": "Deep work"],
                                               auth: s.userA.auth)
                #expect(created.status == 201)
                #expect(created["object"] == "collection")
                #expect(created["name"] == "Focus")
                #expect(created["description"] == "Deep work")
                #expect(created["track_count"] == 0)
                #expect(created["duration_seconds"] == 0)
                let id = try #require(created["id"]?.string)
                #expect(id.hasPrefix("mcoll_"))
                try await Task.sleep(for: .milliseconds(5))
                let other = try await s.send("POST", "\(s.p())/collections", json: ["name": "Evening"], auth: s.userA.auth)
                #expect(other["description"] == .null)
                let otherID = try #require(other["id"]?.string)
                let list = try await s.send("GET", "\(s.p())/collections", auth: s.userA.auth)
                #expect(list.status == 200)
                #expect(Set(list["data"]?.array?.compactMap { $0["id"]?.string } ?? []) == [id, otherID])
                let listB = try await s.send("GET", "\(s.p())/collections", auth: s.userB.auth)
                #expect(listB["data"]?.array?.isEmpty == true)
                let got = try await s.send("GET", "\(s.p())/collections/\(id)", auth: s.userA.auth)
                #expect(got.status == 200)
                #expect(got["name"] == "Focus")

                let renamed = try await s.send("PATCH", "\(s.p())/collections/\(id)", json: ["name": "Deep Focus"], auth: s.userA.auth)
                #expect(renamed.status == 200)
                #expect(renamed["name"] == "Deep Focus")
                #expect(renamed["description"] == "Deep work")
                let cleared = try await s.send("PATCH", "\(s.p())/collections/\(id)", json: ["description": nil], auth: s.userA.auth)
                #expect(cleared["description"] == .null)
                #expect(cleared["name"] == "Deep Focus")
                let described = try await s.send("PATCH", "\(s.p())/collections/\(id)", json: ["description": "Again"], auth: s.userA.auth)
                #expect(described["description"] == "Again")
                let empty = try await s.send("PATCH", "\(s.p())/collections/\(id)", json: ["name": "  "], auth: s.userA.auth)
                #expect(empty.status == 422)
                #expect(empty.errorParam == "name")
                #expect(try await s.send("GET", "\(s.p())/collections/\(id)", auth: s.userA.auth)["name"] == "Deep Focus")

                let deleted = try await s.send("DELETE", "\(s.p())/collections/\(id)", auth: s.userA.auth)
                #expect(deleted.status == 204)
                #expect(try await s.send("GET", "\(s.p())/collections/\(id)", auth: s.userA.auth).status == 404)
                #expect(try await s.send("DELETE", "\(s.p())/collections/\(id)", auth: s.userA.auth).status == 404)
                let remaining = try await s.send("GET", "\(s.p())/collections", auth: s.userA.auth)
                #expect(remaining["data"]?.array?.compactMap { $0["id"]?.string } == [otherID])
            }
        }

        @Test func collectionTracksAddRemoveReorder() async throws {
            try await StudioTestServer.with { s in
                let one = try await s.makeTrack(s.userA, prompt: "one")
                let two = try await s.makeTrack(s.userA, prompt: "two")
                let three = try await s.makeTrack(s.userB, prompt: "three")
                let id = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "Set"], auth: s.userA.auth)["id"]?.string)
                let tracksPath = "\(s.p())/collections/\(id)/tracks"
                func order() async throws -> [String] {
                    let list = try await s.send("GET", tracksPath, auth: s.userA.auth)
                    #expect(list.status == 200)
                    let data = list["data"]?.array ?? []
                    #expect(data.compactMap { $0["position"]?.number } == (0..<data.count).map { Double($0 + 1) })
                    return data.compactMap { $0["id"]?.string }
                }
                let added = try await s.send("POST", tracksPath, json: ["track_id": .string(one)], auth: s.userA.auth)
                #expect(added.status == 201)
                #expect(added["id"]?.string == one)
                #expect(added["position"] == 1)
                #expect(try await s.send("POST", tracksPath, json: ["track_id": .string(two)], auth: s.userA.auth)["position"] == 2)
                let duplicate = try await s.send("POST", tracksPath, json: ["track_id": .string(one)], auth: s.userA.auth)
                #expect(duplicate.status == 409)
                #expect(duplicate.isJSONError)
                // A track of a teammate (same organization) may be added; inserted at position 1.
                let inserted = try await s.send("POST", tracksPath, json: ["track_id": .string(three), "position": 1], auth: s.userA.auth)
                #expect(inserted.status == 201)
                #expect(inserted["position"] == 1)
                #expect(try await order() == [three, one, two])
                let collection = try await s.send("GET", "\(s.p())/collections/\(id)", auth: s.userA.auth)
                #expect(collection["track_count"] == 3)
                #expect(collection["duration_seconds"]?.number.map { abs($0 - 3) < 0.1 } == true)
                let farPosition = try await s.send("POST", tracksPath, json: ["track_id": .string(one), "position": 9], auth: s.userA.auth)
                #expect(farPosition.status == 422)
                let unknown = try await s.send("POST", tracksPath, json: ["track_id": "mtrack_nope00000000000000000"], auth: s.userA.auth)
                #expect(unknown.status == 404)

                let paged = try await s.send("GET", "\(tracksPath)?limit=2", auth: s.userA.auth)
                #expect(paged["data"]?.array?.count == 2)
                let cursor = try #require(paged["next_cursor"]?.string)
                let rest = try await s.send("GET", "\(tracksPath)?limit=2&cursor=\(cursor)", auth: s.userA.auth)
                #expect(rest["data"]?.array?.compactMap { $0["id"]?.string } == [two])
                #expect(rest["data"]?[0]?["position"] == 3)
                // A cursor belongs to its list: another collection's is refused, not reinterpreted.
                let otherID = try #require(try await s.send("POST", "\(s.p())/collections", json: ["name": "Other"],
                                                            auth: s.userA.auth)["id"]?.string)
                let foreign = try await s.send("GET", "\(s.p())/collections/\(otherID)/tracks?cursor=\(cursor)", auth: s.userA.auth)
                #expect(foreign.status == 400 && foreign.errorParam == "cursor")

                let reordered = try await s.send("POST", "\(s.p())/collections/\(id)/reorder",
                                                 json: ["track_ids": .array([two, three, one].map(JSONValue.string))], auth: s.userA.auth)
                #expect(reordered.status == 200)
                #expect(try await order() == [two, three, one])
                for bad: [String] in [[two, three], [two, three, one, one], [two, three, "mtrack_other0000000000000000"], []] {
                    let response = try await s.send("POST", "\(s.p())/collections/\(id)/reorder",
                                                    json: ["track_ids": .array(bad.map(JSONValue.string))], auth: s.userA.auth)
                    #expect(response.status == 422, "\(bad)")
                    #expect(response.errorParam == "track_ids")
                }
                #expect(try await order() == [two, three, one])

                let removed = try await s.send("DELETE", "\(tracksPath)/\(three)", auth: s.userA.auth)
                #expect(removed.status == 204)
                #expect(try await s.send("DELETE", "\(tracksPath)/\(three)", auth: s.userA.auth).status == 404)
                #expect(try await order() == [two, one])
                // The track itself is untouched, and deleting the collection leaves its tracks.
                #expect(try await s.send("GET", "\(s.p())/tracks/\(three)", auth: s.userA.auth).status == 200)
                #expect(try await s.send("DELETE", "\(s.p())/collections/\(id)", auth: s.userA.auth).status == 204)
                #expect(try await s.send("GET", "\(s.p())/tracks/\(one)", auth: s.userA.auth).status == 200)
            }
        }
    }
}
