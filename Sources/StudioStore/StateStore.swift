import Foundation
import StudioCore

/// The one source of truth (CONTRACT §1): `.studio/state.sqlite` and the signing secret beside it.
///
/// Every method is one transaction, so a crash leaves either all of a change or none of it.
/// The store holds hashes of tokens and keys, never the raw values; hashing is the caller's job
/// so that the store stays free of policy.
public final class StateStore: Sendable {
    public let directory: URL
    let database: Database
    /// The clock, injectable so that tests can move time (expiry, ordering) deterministically.
    let clock: @Sendable () -> Date

    public static let databaseName = "state.sqlite"

    /// Opens (creating on first use) the state in `directory`, owner-only, and brings its
    /// schema up to date.
    public init(directory: URL, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.directory = directory
        self.clock = clock
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let path = directory.appendingPathComponent(Self.databaseName).path
        try Self.restrictToOwner(databaseAt: path)
        database = try Database(path: path)
        try database.migrate(Schema.migrations)
        try Self.restrictToOwner(databaseAt: path)
    }

    /// The state holds every credential hash and private track: it is its owner's alone, even
    /// in a directory someone made beforehand with looser permissions. The file is created 0600
    /// before SQLite opens it (SQLite gives the `-wal` and `-shm` files the database's mode), and
    /// files an older build left group- or world-readable are narrowed to 0600.
    ///
    /// Only a file that does not exist yet is opened here (`O_EXCL`), and only by path
    /// otherwise: closing any descriptor of a database file drops every POSIX lock the process
    /// holds on it, including those of a SQLite connection already open on it, and another
    /// process would then take the WAL away from under that connection.
    static func restrictToOwner(databaseAt path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw StoreError.invalid("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0, status.st_mode & 0o077 != 0 else { continue }
            guard chmod(file, 0o600) == 0 else {
                throw StoreError.invalid("cannot make \(file) private (chmod 600): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// A store in memory, for tests that need no files.
    public init(inMemoryWithClock clock: @escaping @Sendable () -> Date = { Date() }) throws {
        directory = FileManager.default.temporaryDirectory
        self.clock = clock
        database = try Database.inMemory()
        try database.migrate(Schema.migrations)
    }

    var nowMilliseconds: Int64 { Timestamp.milliseconds(clock()) }
    public var now: Date { Timestamp.date(milliseconds: nowMilliseconds) }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    public func integrityCheck() throws -> String {
        try database.query("PRAGMA integrity_check").first?.string("integrity_check") ?? "no answer"
    }

    /// Folds the write-ahead log into the database file: what a graceful stop does last, so that
    /// the state directory is one self-contained file again.
    public func checkpoint() throws {
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// The schema version (number of migrations applied).
    public func schemaVersion() throws -> Int { try database.userVersion() }

    /// Runs `body` as one transaction, for callers that combine several store calls atomically.
    public func atomically<T>(_ body: () throws -> T) throws -> T {
        try database.transaction(body)
    }
}

extension Row {
    func date(_ column: String) -> Date? { int64(column).map(Timestamp.date(milliseconds:)) }
    func bool(_ column: String) -> Bool { (int64(column) ?? 0) != 0 }
    func requiredString(_ column: String) -> String { string(column) ?? "" }
}

extension SQLValue {
    static func date(_ date: Date?) -> SQLValue { date.map { .integer(Timestamp.milliseconds($0)) } ?? .null }
    static func optional(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }
    static func optional(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }
    static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
    /// UInt64 seeds fill all 64 bits; SQLite integers are signed, so store the bit pattern.
    static func seed(_ seed: UInt64) -> SQLValue { .integer(Int64(bitPattern: seed)) }
}
