import Foundation
import Testing
@testable import StudioStore

@Suite struct DatabaseTests {
    @Test func fileDatabaseHasTheStoreSettings() throws {
        try withTempDir { dir in
            let path = dir.appendingPathComponent("state.sqlite").path
            let db = try Database(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try db.query("PRAGMA journal_mode").first?.string("journal_mode") == "wal")
            #expect(try db.query("PRAGMA foreign_keys").first?.int("foreign_keys") == 1)
            #expect(try db.query("PRAGMA busy_timeout").first?.int("timeout") == 5000)
            #expect(try db.query("PRAGMA synchronous").first?.int("synchronous") == 1) // NORMAL
        }
    }

    @Test func dataSurvivesReopening() throws {
        try withTempDir { dir in
            let path = dir.appendingPathComponent("state.sqlite").path
            do {
                let db = try Database(path: path)
                try db.execute("CREATE TABLE t (x TEXT)")
                try db.run("INSERT INTO t VALUES (?)", ["kept"])
            }
            let db = try Database(path: path)
            #expect(try db.query("SELECT x FROM t").map { $0.string("x") } == ["kept"])
        }
    }

    @Test func everyValueRoundTrips() throws {
        let db = try Database.inMemory()
        // No declared type: no affinity, so SQLite stores each value in the class it came in.
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        let values: [SQLValue] = [
            .null, .integer(0), .integer(.max), .integer(.min), .real(-0.5), .real(1e300),
            .text(""), .text("Grüße — 夜 🎵"), .text("nul\u{0}inside"),
            .blob([]), .blob([0, 1, 2, 255]),
        ]
        for value in values { try db.run("INSERT INTO t (v) VALUES (?)", [value]) }
        let rows = try db.query("SELECT v, typeof(v) AS type FROM t ORDER BY id")
        #expect(rows.map { $0["v"] } == values)
        // The empty blob is stored as a blob, not as NULL.
        #expect(rows[9].string("type") == "blob")
        #expect(rows[0].string("type") == "null")
    }

    @Test func typedAccessors() throws {
        let db = try Database.inMemory()
        let row = try #require(try db.query(
            "SELECT 'a' AS s, 42 AS i, 2.5 AS d, x'0102' AS b, NULL AS n, 3 AS whole").first)
        #expect(row.string("s") == "a")
        #expect(row.int("i") == 42)
        #expect(row.int64("i") == 42)
        #expect(row.double("d") == 2.5)
        #expect(row.double("whole") == 3)
        #expect(row.blob("b") == [1, 2])
        #expect(row.isNull("n"))
        #expect(row.string("n") == nil && row.int("n") == nil)
        #expect(row.string("i") == nil) // no silent conversions between storage classes
        #expect(row.columns == ["s", "i", "d", "b", "n", "whole"])
        #expect(row.contains("s") && !row.contains("missing"))
    }

    @Test func lastInsertRowIDAndChanges() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
        try db.run("INSERT INTO t (x) VALUES (?)", [.integer(1)])
        try db.run("INSERT INTO t (x) VALUES (?)", [.integer(2)])
        #expect(db.lastInsertRowID == 2)
        try db.run("UPDATE t SET x = x + 1")
        #expect(db.changes == 2)
    }

    @Test func failingStatementRollsBackTheWholeTransaction() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        #expect(throws: DatabaseError.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                try db.run("INSERT INTO t VALUES (2)")
                try db.run("INSERT INTO t VALUES (1)") // UNIQUE violation
            }
        }
        #expect(try db.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)

        struct Cancelled: Error {}
        #expect(throws: Cancelled.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (3)")
                throw Cancelled()
            }
        }
        #expect(try db.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)

        let id = try db.transaction {
            try db.run("INSERT INTO t VALUES (4)")
            return db.lastInsertRowID
        }
        #expect(id == 1)
        #expect(try db.query("SELECT x FROM t").map { $0.int("x") } == [4])
    }

    @Test func nestedTransactionRollsBackOnlyItsOwnWork() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.transaction {
            try db.run("INSERT INTO t VALUES (1)")
            _ = try? db.transaction {
                try db.run("INSERT INTO t VALUES (2)")
                throw DatabaseError(message: "inner", code: 1, sql: nil)
            }
            try db.run("INSERT INTO t VALUES (3)")
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x").map { $0.int("x") } == [1, 3])
    }

    @Test func foreignKeyViolationNamesTheConstraint() throws {
        let db = try Database.inMemory()
        try db.execute("""
            CREATE TABLE engine (key TEXT PRIMARY KEY);
            CREATE TABLE render (id INTEGER PRIMARY KEY, engine TEXT NOT NULL REFERENCES engine(key));
            """)
        let sql = "INSERT INTO render (engine) VALUES (?)"
        do {
            try db.run(sql, ["missing"])
            Issue.record("a render of an unknown engine must be refused")
        } catch let error as DatabaseError {
            #expect(error.message.contains("FOREIGN KEY constraint failed"))
            #expect(error.code == 787) // SQLITE_CONSTRAINT_FOREIGNKEY
            #expect(error.primaryCode == 19) // SQLITE_CONSTRAINT
            #expect(error.description.contains("FOREIGN KEY constraint failed"))
            #expect(error.sql == sql)
        }
    }

    @Test func migrationsApplyOnceInOrder() throws {
        try withTempDir { dir in
            let path = dir.appendingPathComponent("state.sqlite").path
            // Migration 2 depends on 1; without IF NOT EXISTS a second run of 1 would fail.
            let migrations = [
                "CREATE TABLE track (id INTEGER PRIMARY KEY, title TEXT NOT NULL);",
                "ALTER TABLE track ADD COLUMN licence TEXT; INSERT INTO track (title, licence) VALUES ('seed', 'x');",
            ]
            let db = try Database(path: path)
            #expect(try db.userVersion() == 0)
            try db.migrate(migrations)
            #expect(try db.userVersion() == 2)
            try db.migrate(migrations)
            #expect(try db.userVersion() == 2)
            #expect(try db.query("SELECT count(*) AS n FROM track").first?.int("n") == 1)

            // Reopening sees the same version and applies nothing again.
            let again = try Database(path: path)
            try again.migrate(migrations)
            #expect(try again.query("SELECT count(*) AS n FROM track").first?.int("n") == 1)
        }
    }

    @Test func failingMigrationLeavesVersionAndSchemaUnchanged() throws {
        let db = try Database.inMemory()
        let good = ["CREATE TABLE a (x INTEGER);"]
        try db.migrate(good)
        let schemaBefore = try schema(db)
        let bad = good + ["CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (1); CREATE TABLE oops (;"]
        #expect(throws: DatabaseError.self) { try db.migrate(bad) }
        #expect(try db.userVersion() == 1)
        #expect(try schema(db) == schemaBefore)
        // Fixed, it applies cleanly afterwards.
        try db.migrate(good + ["CREATE TABLE b (y INTEGER);"])
        #expect(try db.userVersion() == 2)
    }

    @Test func newerDatabaseThanCodeIsRefused() throws {
        let db = try Database.inMemory()
        try db.migrate(["CREATE TABLE a (x);", "CREATE TABLE b (x);"])
        #expect(throws: DatabaseError.self) { try db.migrate(["CREATE TABLE a (x);"]) }
    }

    @Test func syntaxErrorNamesTheSQL() throws {
        let db = try Database.inMemory()
        let sql = "SELEC 1 FROM nowhere"
        let attempts: [() throws -> Void] = [{ _ = try db.query(sql) }, { try db.run(sql) }, { try db.execute(sql) }]
        for attempt in attempts {
            do {
                try attempt()
                Issue.record("syntax error expected")
            } catch let error as DatabaseError {
                #expect(error.description.contains(sql))
                #expect(error.message.contains("syntax error"))
            }
        }
    }

    @Test func misuseIsCaughtNotIgnored() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t (x)")
        // A second statement would be silently dropped by sqlite3_prepare_v2.
        #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t VALUES (1); DELETE FROM t") }
        #expect(try db.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)
        // Too few or too many bindings.
        #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t VALUES (?)") }
        #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t VALUES (?)", [1, 2]) }
        // Trailing whitespace and comments are fine.
        try db.run("INSERT INTO t VALUES (1); -- done\n")
        #expect(try db.query("SELECT count(*) AS n FROM t").first?.int("n") == 1)
    }

    @Test func concurrentTransactionsDoNotInterleave() throws {
        try withTempDir { dir in
            let db = try Database(path: dir.appendingPathComponent("state.sqlite").path)
            try db.execute("CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);")
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                for _ in 0..<25 {
                    do {
                        // Read-modify-write: loses updates unless transactions are serial.
                        try db.transaction {
                            let n = try db.query("SELECT n FROM counter").first?.int("n") ?? 0
                            try db.run("UPDATE counter SET n = ?", [.integer(Int64(n + 1))])
                        }
                    } catch {
                        failures.add(error)
                    }
                }
            }
            #expect(failures.errors.isEmpty, "\(failures.errors)")
            #expect(try db.query("SELECT n FROM counter").first?.int("n") == 200)
        }
    }

    @Test func unopenablePathNamesIt() throws {
        let path = "/nonexistent-\(UUID().uuidString)/state.sqlite"
        #expect { try Database(path: path) } throws: { error in
            (error as? DatabaseError)?.description.contains(path) == true
        }
    }

    // MARK: - Helpers

    func schema(_ db: Database) throws -> [String] {
        try db.query("SELECT sql FROM sqlite_schema ORDER BY name").compactMap { $0.string("sql") }
    }

    func withTempDir(_ body: (URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studio-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir)
    }
}

/// Errors collected from concurrent workers.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [any Error] = []
    func add(_ error: any Error) { lock.lock(); list.append(error); lock.unlock() }
    var errors: [any Error] { lock.lock(); defer { lock.unlock() }; return list }
}
