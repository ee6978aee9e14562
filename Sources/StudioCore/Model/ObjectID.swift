/// The kinds of object that have public ids, with the prefixes of CONTRACT §4.
///
/// A prefix makes an id self-describing in logs, URLs and support requests, and lets the API
/// answer "that is a collection id, not a track id" instead of a bare 404.
public enum ObjectKind: String, Sendable, CaseIterable {
    case generation = "mgen"
    case track = "mtrack"
    case libraryEntry = "mlib"
    case collection = "mcoll"
    case focusSession = "mfocus"
    case shareLink = "mslink"
    case organization = "org"
    case user = "usr"
    case apiKey = "mkey"

    public var prefix: String { rawValue + "_" }
}

/// Random, URL-safe, never-reused identifiers: a prefix and 22 base-62 characters (131 bits).
///
/// 131 random bits make a collision as likely as guessing a 128-bit key, so no central counter
/// is needed, ids can be minted by any process, and they reveal nothing about creation order
/// or volume (lists order by their own timestamps, not by id).
public enum ObjectID {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    public static let randomLength = 22

    public static func make(_ kind: ObjectKind) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(kind, using: &generator)
    }

    public static func make<G: RandomNumberGenerator>(_ kind: ObjectKind, using generator: inout G) -> String {
        var characters = [UInt8]()
        characters.reserveCapacity(randomLength)
        for _ in 0..<randomLength {
            // Rejection-free and unbiased: 62 does not divide 2^64, so draw from a range.
            characters.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return kind.prefix + String(decoding: characters, as: UTF8.self)
    }

    /// True when `id` has the shape of an id of `kind` (prefix and 22 base-62 characters).
    /// Lets a handler turn garbage into a 404 without a database round trip.
    public static func isWellFormed(_ id: String, kind: ObjectKind) -> Bool {
        guard id.hasPrefix(kind.prefix) else { return false }
        let body = id.utf8.dropFirst(kind.prefix.utf8.count)
        return body.count == randomLength && body.allSatisfy { alphabet.contains($0) }
    }
}
