import Foundation
import StudioCore

/// `studio.json5` at the project root: the settings `build`, `publish` and `serve` share, so that
/// every command writes the same links (docs/CONFIG.md). Every field is optional; a flag or a
/// `STUDIO_*` variable outranks the file, and the file outranks the built-in default.
///
/// Read with the recipes' JSON5 reader, so that an unknown key or a wrong type is reported at its
/// `file:line:column` the way a recipe problem is.
public struct SiteConfiguration: Sendable, Equatable {
    public var baseURL: String?
    public var host: String?
    public var port: Int?
    public var title: String?
    public var build = Build()
    public var serve = Serve()

    public struct Build: Sendable, Equatable {
        public var jobs: Int?
        public var prune: Bool?
    }

    public struct Serve: Sendable, Equatable {
        public var workers: Int?
        public var quota: Int?
        public var rateLimit: Int?
    }

    public init() {}

    /// The file's name, looked for in the working directory.
    public static let fileName = "studio.json5"

    /// The problems of a file that does not validate, one per line as `file:line:column: message`.
    public struct Invalid: Error, CustomStringConvertible {
        public let diagnostics: [RecipeDiagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    /// Reads `path`; an empty configuration when there is no such file.
    public static func load(path: String = fileName) throws(Invalid) -> SiteConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { return SiteConfiguration() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(diagnostics: [.init(file: path, position: nil, message: "cannot be read")])
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a configuration file named `path` (for the messages).
    public static func parse(_ text: String, path: String) throws(Invalid) -> SiteConfiguration {
        var reader = SiteConfigurationReader(path: path, index: JSON5PositionIndex(scanning: text))
        let configuration = reader.read(text)
        guard reader.diagnostics.isEmpty else { throw Invalid(diagnostics: reader.diagnostics) }
        return configuration
    }
}

/// The checks of `SiteConfiguration.parse`: every problem is collected, not only the first.
struct SiteConfigurationReader {
    let path: String
    let index: JSON5PositionIndex
    var diagnostics: [RecipeDiagnostic] = []

    static let topLevelKeys = ["base_url", "host", "port", "title", "build", "serve"]
    static let buildKeys = ["jobs", "prune"]
    static let serveKeys = ["workers", "quota", "rate_limit"]

    init(path: String, index: JSON5PositionIndex) {
        self.path = path
        self.index = index
    }

    mutating func read(_ text: String) -> SiteConfiguration {
        var configuration = SiteConfiguration()
        if let error = index.syntaxError {
            report("syntax error: \(error.message)", at: error.position)
            return configuration
        }
        guard let root = JSON5Value.parse(Data(text.utf8)) else {
            report("syntax error: " + (index.firstUnsupported?.message ?? "not valid JSON5"), at: index.firstUnsupported?.position ?? .start)
            return configuration
        }
        for duplicate in index.duplicateKeys {
            report("duplicate key \(duplicate.path): first written at "
                   + "\(path):\(duplicate.firstPosition)", at: duplicate.position)
        }
        guard let fields = members(root, at: JSON5Path(), name: "the configuration", allowed: Self.topLevelKeys) else {
            return configuration
        }
        configuration.baseURL = url(fields["base_url"], at: ["base_url"])
        configuration.host = string(fields["host"], at: ["host"])
        configuration.port = integer(fields["port"], at: ["port"], in: 0...65_535)
        configuration.title = string(fields["title"], at: ["title"])
        if let build = fields["build"], let keys = members(build, at: ["build"], name: "build", allowed: Self.buildKeys) {
            configuration.build.jobs = integer(keys["jobs"], at: ["build", "jobs"], in: 1...64)
            configuration.build.prune = boolean(keys["prune"], at: ["build", "prune"])
        }
        if let serve = fields["serve"], let keys = members(serve, at: ["serve"], name: "serve", allowed: Self.serveKeys) {
            configuration.serve.workers = integer(keys["workers"], at: ["serve", "workers"], in: 1...64)
            configuration.serve.quota = integer(keys["quota"], at: ["serve", "quota"], in: 0...100_000_000)
            configuration.serve.rateLimit = integer(keys["rate_limit"], at: ["serve", "rate_limit"], in: 0...1_000_000)
        }
        return configuration
    }

    private mutating func report(_ message: String, at position: SourcePosition) {
        diagnostics.append(RecipeDiagnostic(file: path, position: position, message: message))
    }

    private func name(_ path: JSON5Path) -> String { path.description }

    private mutating func mismatch(_ value: JSON5Value, at path: JSON5Path, expected: String) {
        report("\(name(path)): expected \(expected), found \(value.kindDescription)", at: index.valuePosition(of: path))
    }

    /// The members of an object, each unknown key reported at its place with the nearest known one.
    private mutating func members(_ value: JSON5Value, at path: JSON5Path, name: String, allowed: [String]) -> [String: JSON5Value]? {
        guard case .object(let fields) = value else {
            mismatch(value, at: path, expected: "an object")
            return nil
        }
        for key in index.keys(of: path) where !allowed.contains(key) {
            report("unknown key \"\(key)\" in \(name)" + Suggestion.didYouMean(key, among: allowed) { "\"\($0)\"" }
                   + " (allowed: \(allowed.joined(separator: ", ")))", at: index.position(of: path.appending(key: key)))
        }
        return fields.filter { allowed.contains($0.key) }
    }

    private mutating func string(_ value: JSON5Value?, at path: JSON5Path) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value else { mismatch(value, at: path, expected: "a string"); return nil }
        return text
    }

    private mutating func url(_ value: JSON5Value?, at path: JSON5Path) -> String? {
        guard let text = string(value, at: path) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host?.isEmpty == false else {
            report("\(name(path)): expected an http or https URL such as \"https://music.example\", got \"\(text)\"",
                   at: index.valuePosition(of: path))
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private mutating func integer(_ value: JSON5Value?, at path: JSON5Path, in range: ClosedRange<Int>) -> Int? {
        guard let value else { return nil }
        guard case .integer(let number) = value else { mismatch(value, at: path, expected: "a whole number"); return nil }
        guard range.contains(number) else {
            report("\(name(path)): must be from \(range.lowerBound) to \(range.upperBound), got \(number)", at: index.valuePosition(of: path))
            return nil
        }
        return number
    }

    private mutating func boolean(_ value: JSON5Value?, at path: JSON5Path) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let flag) = value else { mismatch(value, at: path, expected: "true or false"); return nil }
        return flag
    }
}
