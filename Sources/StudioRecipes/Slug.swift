/// The names recipes give to organizations, tracks, collections and focus sessions: lowercase
/// ASCII letters, digits and hyphens, starting with a letter or digit. They are safe in URLs,
/// file names and shells without quoting, and two spellings can never mean the same object.
enum Slug {
    static let maximumLength = 64

    static let rule = "lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters"

    static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= maximumLength else { return false }
        func allowed(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        return allowed(first) && text.utf8.allSatisfy { allowed($0) || $0 == 0x2D }
    }
}
