import CSQLite

/// A failure reported by SQLite, with everything needed to find the cause from a log line:
/// SQLite's message, the extended result code (787 is a foreign-key failure, 2067 a UNIQUE
/// one; the primary code alone would say only "constraint") and the SQL that failed.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    /// SQLite's extended result code, e.g. `SQLITE_CONSTRAINT_FOREIGNKEY` (787).
    public let code: Int32
    /// The statement (or script) that failed; nil when no SQL was involved, as in opening.
    public let sql: String?

    public init(message: String, code: Int32, sql: String?) {
        self.message = message
        self.code = code
        self.sql = sql
    }

    /// The primary result code, e.g. `SQLITE_CONSTRAINT` (19) for every kind of constraint.
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String {
        let kind = sqlite3_errstr(code).map { String(cString: $0) } ?? "unknown error"
        var text = "SQLite error \(code) (\(kind)): \(message)"
        if let sql { text += "\nSQL: \(sql)" }
        return text
    }

    /// The connection's current error. Only meaningful under the database's lock, right after
    /// the failing call, because the next call on the connection replaces it.
    static func last(_ db: OpaquePointer?, sql: String?) -> DatabaseError {
        let message = sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
        return DatabaseError(message: message, code: sqlite3_extended_errcode(db), sql: sql)
    }
}
