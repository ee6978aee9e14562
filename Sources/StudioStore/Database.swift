import CSQLite
import Foundation

/// One SQLite connection for the state store.
///
/// Why `@unchecked Sendable` is safe: the connection is opened with `SQLITE_OPEN_FULLMUTEX`, so
/// SQLite itself never sees two threads inside one call, and every public method additionally
/// holds `lock` for its whole sequence of C calls (prepare, bind, step, read the error message).
/// That second layer is what FULLMUTEX alone does not give: another thread's call could
/// otherwise replace `sqlite3_errmsg` before we read it, or slip its statements into the middle
/// of our transaction. `transaction(_:)` holds the lock for its entire body, so a transaction is
/// serial with respect to every other use of this object. The lock is recursive because the
/// body calls `run`/`query` on the same thread. The cost is that one connection serves one
/// statement at a time; WAL lets other connections (processes) read meanwhile.
///
/// `lastInsertRowID` and `changes` describe the connection's last statement, which under
/// concurrency may be someone else's: read them inside the `transaction` that ran yours.
public final class Database: @unchecked Sendable {
    private let db: OpaquePointer
    private let lock = NSRecursiveLock()
    /// Nesting depth of `transaction`; inner levels use savepoints. Guarded by `lock`.
    private var transactionDepth = 0
    public let path: String

    /// Opens (creating if needed) the database at `path` with the settings the store relies on:
    /// WAL so that readers never wait for the writer; foreign keys, which SQLite leaves off by
    /// default; a 5 s busy timeout so that a second process waits instead of failing at once;
    /// and `synchronous=NORMAL`, which in WAL mode loses at most the last transactions on power
    /// loss but never corrupts the file.
    public init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = handle.map { DatabaseError.last($0, sql: nil) }
                ?? DatabaseError(message: "cannot open", code: code, sql: nil)
            sqlite3_close_v2(handle)
            throw DatabaseError(message: "\(path): \(error.message)", code: error.code, sql: nil)
        }
        db = handle
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        try execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = 5000;
            PRAGMA synchronous = NORMAL;
            """)
        // SQLite answers a refused journal mode by keeping the old one, silently. A file store
        // without WAL would block readers during every write, so say so now.
        if path != ":memory:" && !path.isEmpty {
            let mode = try query("PRAGMA journal_mode").first?.string("journal_mode")
            guard mode == "wal" else {
                throw DatabaseError(
                    message: "\(path): cannot enable WAL (journal_mode is \(mode ?? "unknown"))",
                    code: SQLITE_ERROR, sql: "PRAGMA journal_mode = WAL")
            }
        }
    }

    /// A private database that lives as long as this object; for tests and scratch work.
    /// (WAL does not apply to memory databases; SQLite keeps journal_mode "memory".)
    public static func inMemory() throws -> Database {
        try Database(path: ":memory:")
    }

    deinit {
        sqlite3_close_v2(db)
    }

    /// Runs a script of one or more statements without bindings or results: schema, pragmas.
    public func execute(_ sql: String) throws {
        lock.lock()
        defer { lock.unlock() }
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw DatabaseError(message: text, code: sqlite3_extended_errcode(db), sql: sql)
        }
    }

    /// Runs one statement with `?` parameters bound in order, discarding any rows.
    public func run(_ sql: String, _ bindings: [SQLValue] = []) throws {
        lock.lock()
        defer { lock.unlock() }
        let statement = try Statement(db, sql)
        try statement.bind(bindings)
        while try statement.step() {}
    }

    /// Runs one statement with `?` parameters bound in order and returns all its rows.
    public func query(_ sql: String, _ bindings: [SQLValue] = []) throws -> [Row] {
        lock.lock()
        defer { lock.unlock() }
        let statement = try Statement(db, sql)
        try statement.bind(bindings)
        let columns = statement.columnNames
        var rows: [Row] = []
        while try statement.step() {
            rows.append(Row(columns: columns, values: statement.values()))
        }
        return rows
    }

    /// Runs `body` atomically: all of it commits, or, if it throws, none of it does.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front; a deferred transaction that reads first
    /// and writes later can fail with SQLITE_BUSY halfway, after work the caller cannot redo
    /// (busy_timeout does not help when upgrading a read lock). A nested call becomes a savepoint,
    /// so helpers that need atomicity can be called both alone and inside a larger transaction.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body`'s reads against one consistent snapshot. `BEGIN DEFERRED` takes no write lock,
    /// so under WAL a reader neither waits for a writer nor holds one up.
    public func read<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN DEFERRED", body)
    }

    private func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let depth = transactionDepth
        let savepoint = "studio_sp_\(depth)"
        try execute(depth == 0 ? begin : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        let result: T
        do {
            result = try body()
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
        } catch {
            rollBack(depth: depth, savepoint: savepoint)
            throw error
        }
        return result
    }

    /// Undoes a failed transaction level. Some errors (SQLITE_FULL, SQLITE_IOERR, …) make SQLite
    /// roll back on its own; then there is nothing left to undo, and trying would only replace
    /// the caller's real error with "no transaction is active".
    private func rollBack(depth: Int, savepoint: String) {
        guard sqlite3_get_autocommit(db) == 0 else { return }
        if depth == 0 {
            try? execute("ROLLBACK")
        } else {
            try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return sqlite3_last_insert_rowid(db)
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int {
        lock.lock()
        defer { lock.unlock() }
        return Int(sqlite3_changes(db))
    }

    /// Brings the schema up to date: migration i (1-based) runs when `PRAGMA user_version` is
    /// below i, in its own transaction together with setting user_version to i.
    ///
    /// user_version lives in the database header, which is part of the transaction, so a
    /// migration that fails halfway leaves neither its tables nor its version number behind and
    /// the next start retries it from a clean state. Migrations are append-only: never edit one
    /// that has shipped. A database newer than the list is refused rather than used with a
    /// schema this code does not know. A migration must not contain BEGIN/COMMIT itself, nor
    /// `PRAGMA foreign_keys`, which SQLite ignores inside a transaction.
    public func migrate(_ migrations: [String]) throws {
        lock.lock()
        defer { lock.unlock() }
        let current = try userVersion()
        guard current <= migrations.count else {
            throw DatabaseError(
                message: "database schema version \(current) is newer than this build knows (\(migrations.count))",
                code: SQLITE_ERROR, sql: nil)
        }
        for version in (current + 1)..<(migrations.count + 1) {
            try transaction {
                try execute(migrations[version - 1])
                try execute("PRAGMA user_version = \(version)")
            }
        }
    }

    /// `PRAGMA user_version`: the number of migrations applied.
    public func userVersion() throws -> Int {
        try query("PRAGMA user_version").first?.int("user_version") ?? 0
    }
}
