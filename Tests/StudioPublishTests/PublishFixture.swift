import Foundation
import StudioAPI
import StudioCore
import StudioPublish
import StudioStore

/// A state on disk with tracks whose "audio" files are small byte strings, and a publisher
/// over the repository's real templates.
struct PublishFixture {
    let root: URL
    let store: StateStore
    let secret: [UInt8]
    let organization: Organization
    var output: URL { root.appendingPathComponent("public") }
    var audio: URL { root.appendingPathComponent("state/renders") }

    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates")

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("publish-\(UUID().uuidString)")
        let state = root.appendingPathComponent("state")
        store = try StateStore(directory: state)
        secret = try SigningSecret.load(from: state)
        organization = try store.createOrganization(name: "Demo", slug: "demo")
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    var publisher: Publisher {
        Publisher(store: store, secret: secret, engines: [], configuration: .init(
            outputDirectory: output, audioDirectory: audio, templatesDirectory: Self.templates, baseURL: "https://music.example/"))
    }

    @discardableResult
    func addTrack(_ title: String, licence: LicenceTerms = LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: false,
                                                                          attribution: nil), stems: [String] = []) throws -> Track {
        let id = ObjectID.make(.track)
        let path = "\(id)/mix-mp3.mp3"
        let file = audio.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let bytes = Data("ID3 audio of \(title)".utf8)
        try bytes.write(to: file)
        var files = [TrackFile(role: .mix, stem: nil, format: .mp3, path: path, sizeBytes: bytes.count)]
        for stem in stems {
            let stemPath = "\(id)/stem-\(stem).wav"
            let stemBytes = Data("RIFF stem \(stem) of \(title)".utf8)
            try stemBytes.write(to: audio.appendingPathComponent(stemPath))
            files.append(TrackFile(role: .stem, stem: stem, format: .wav, path: stemPath, sizeBytes: stemBytes.count))
        }
        let track = Track(id: id, organizationID: organization.id, creatorID: nil, title: title, engineKey: "lofi-1",
                          engineVersion: "2.1.0", prompt: "a <b>bold</b> & \"quoted\" prompt", durationSeconds: 93, bpm: 82,
                          key: "A minor", seed: 3, source: .recipe(file: "private-file-name.json5", name: title.lowercased()),
                          licence: licence, format: .mp3, sampleRate: 48_000, channels: 2, loudnessLUFS: -14, truePeakDBTP: -1.5,
                          peaks: [0.1, 0.5, 1, 0.5], files: files,
                          inputHash: "h", createdAt: store.now, updatedAt: store.now)
        try store.saveTrack(track)
        return track
    }

    func share(_ target: ShareLink.Target, expiresAt: Date? = nil) throws -> (share: ShareLink, token: String) {
        let id = ObjectID.make(.shareLink)
        let token = Credentials.shareToken(shareID: id, secret: secret)
        let share = try store.createShare(id: id, organizationID: organization.id, creatorID: nil, target: target,
                                          tokenHash: Credentials.hash(token), expiresAt: expiresAt)
        return (share, token)
    }

    func read(_ path: String) -> String? {
        (try? Data(contentsOf: output.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path) }

    /// Every file under public/, relative, sorted.
    func files() -> [String] {
        guard let walker = FileManager.default.enumerator(at: output, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { item -> String? in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            return String(url.path.dropFirst(output.path.count + 1))
        }.sorted()
    }
}
