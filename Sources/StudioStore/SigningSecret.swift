import Foundation

/// The state's random 32-byte signing secret (`.studio/secret`), readable by its owner only.
///
/// It signs `/media` URLs and derives share tokens, so that `public/` can be rebuilt without a
/// raw token ever being stored. Created once; never rotated implicitly (rotating it would break
/// every published link).
public enum SigningSecret {
    public static let fileName = "secret"
    public static let length = 32

    public static func load(from directory: URL) throws -> [UInt8] {
        let url = directory.appendingPathComponent(fileName)
        let manager = FileManager.default
        if !manager.fileExists(atPath: url.path) {
            try create(at: url)
        }
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count == length else {
            throw StoreError.invalidSecret("\(url.path) holds \(bytes.count) bytes, expected \(length); "
                                           + "restore it from a backup (a new one would break every published link)")
        }
        return bytes
    }

    private static func create(at url: URL) throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        // Written to a temporary name with owner-only permissions, then linked into place
        // without replacing: two processes racing here agree on one secret.
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(fileName).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.invalidSecret("cannot write \(temporary.path)")
        }
        defer { unlink(temporary.path) }
        if link(temporary.path, url.path) != 0 && errno != EEXIST {
            throw StoreError.invalidSecret("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
