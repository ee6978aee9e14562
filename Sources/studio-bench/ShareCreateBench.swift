import Foundation
import StudioAPI
import StudioCore
import StudioHTTP
import StudioServer
import StudioStore

/// `studio-bench share-create [--shares 20,10000] [--repeats 41]`: the median time of
/// `POST …/tracks/{id}/share` through `studio serve`'s own responder (everything but the socket:
/// authentication, the state, publishing the new page), with N live links already published.
/// Each create is followed by a revoke (not timed), so that every create sees the same N.
///
/// Issue #13: a share change used to re-render every live link, so its time grew with N; it
/// must not (goal: under 10 ms at 20 and at 10,000).
func benchShareCreate(counts: [Int], repeats: Int) async throws {
    for count in counts {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state"), renders = state.appendingPathComponent("renders")
        let store = try StateStore(directory: state)
        let secret = try SigningSecret.load(from: state)
        let organization = try store.createOrganization(name: "bench", slug: "bench")
        let token = Credentials.newUserToken()
        let user = try store.createUser(email: "bench@example.test", tokenHash: Credentials.hash(token))
        try store.addMember(organizationID: organization.id, userID: user.id, role: .owner)
        try FileManager.default.createDirectory(at: renders.appendingPathComponent("fixture"), withIntermediateDirectories: true)
        let audio = Data(repeating: 0x55, count: 300_000)
        try audio.write(to: renders.appendingPathComponent("fixture/mix-mp3.mp3"))
        let trackID = ObjectID.make(.track)
        try store.saveTrack(Track(
            id: trackID, organizationID: organization.id, creatorID: user.id, title: "Bench", engineKey: "lofi-1",
            engineVersion: "bench", prompt: "late night lofi", durationSeconds: 120, bpm: 82, key: "A minor", seed: 1,
            source: .recipe(file: "bench.json5", name: "t"),
            licence: LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: true, attribution: "Samples by X"),
            format: .mp3, sampleRate: 48_000, channels: 2, loudnessLUFS: -14, truePeakDBTP: -1.5,
            peaks: (0..<200).map { Float($0 % 17) / 17 },
            files: [TrackFile(role: .mix, stem: nil, format: .mp3, path: "fixture/mix-mp3.mp3", sizeBytes: audio.count)],
            inputHash: "h", createdAt: store.now, updatedAt: store.now))
        try store.atomically {
            for _ in 0..<count {
                let id = ObjectID.make(.shareLink)
                _ = try store.createShare(id: id, organizationID: organization.id, creatorID: user.id, target: .track(trackID),
                                          tokenHash: Credentials.hash(Credentials.shareToken(shareID: id, secret: secret)),
                                          expiresAt: nil)
            }
        }
        let app = try StudioApp(configuration: ServerConfiguration(
            stateDirectory: state, outputDirectory: root.appendingPathComponent("public"), templatesDirectory: templates,
            baseURL: "https://music.example", workers: 1))
        let (_, publish) = try await timeAsync { try await app.start() }  // publishes the N links in full
        defer { app.stop() }
        let prefix = "/v1/organizations/\(organization.id)/music"
        func request(_ method: HTTPMethod, _ path: String) -> HTTPRequest {
            HTTPRequest(method: method, target: path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
        }
        var times: [Double] = []
        for _ in 0..<repeats {
            let (created, seconds) = try await timeAsync { try await app.respond(to: request(.post, "\(prefix)/tracks/\(trackID)/share")) }
            guard created.status.code == 201, case .bytes(let body) = created.body,
                  let id = (try? JSONValue.parse(Data(body)))?["id"]?.string else {
                throw BenchError("share create answered \(created.status.code)")
            }
            times.append(seconds * 1000)
            _ = try await app.respond(to: request(.delete, "\(prefix)/shares/\(id)"))
        }
        times.sort()
        let format = { (value: Double) in String(format: "%.2f", value) }
        print("share_create_\(count)_full_publish_seconds=\(format(publish))")
        print("share_create_\(count)_median_ms=\(format(times[times.count / 2]))")
        print("share_create_\(count)_range_ms=\(format(times[times.count / 10]))-\(format(times[times.count * 9 / 10]))")
    }
}

func timeAsync<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try await body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
