import CSQLite

/// SQLite's `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before the bind call returns,
/// so the Swift buffers they come from may be freed right after. The C macro is `(void*)-1`,
/// which Swift cannot import. A computed property, because a stored global of a C function
/// pointer type is not concurrency-safe in Swift 6.
var sqliteTransient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

/// One prepared statement, finalized when it goes out of scope.
///
/// Non-copyable so that exactly one owner finalizes it: a finalized or doubly finalized
/// statement is undefined behaviour in SQLite, and this way the compiler rules both out.
/// Used only under the `Database` lock.
struct Statement: ~Copyable {
    let handle: OpaquePointer
    let sql: String
    private let db: OpaquePointer

    /// Prepares exactly one statement. Trailing whitespace or comments are fine; a second
    /// statement is an error, because `sqlite3_prepare_v2` would silently ignore it.
    init(_ db: OpaquePointer, _ sql: String) throws {
        var handle: OpaquePointer?
        var rest = ""
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(db, text, -1, &handle, &tail)
            if let tail { rest = String(cString: tail) }
            return code
        }
        guard code == SQLITE_OK else {
            sqlite3_finalize(handle)
            throw DatabaseError.last(db, sql: sql)
        }
        guard let handle else {
            throw DatabaseError(message: "no SQL statement to run", code: SQLITE_MISUSE, sql: sql)
        }
        if !rest.allSatisfy(\.isWhitespace) {
            var extra: OpaquePointer?
            let extraCode = sqlite3_prepare_v2(db, rest, -1, &extra, nil)
            sqlite3_finalize(extra)
            if extraCode != SQLITE_OK || extra != nil {
                sqlite3_finalize(handle)
                throw DatabaseError(
                    message: "more than one statement; use execute(_:) for scripts", code: SQLITE_MISUSE, sql: sql)
            }
        }
        self.handle = handle
        self.sql = sql
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to the statement's parameters in order; the counts must match, so a
    /// forgotten or extra argument fails loudly instead of binding NULL.
    func bind(_ values: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw DatabaseError(
                message: "statement has \(expected) parameters but \(values.count) values were given",
                code: SQLITE_RANGE, sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch value {
            case .null:
                sqlite3_bind_null(handle, index)
            case .integer(let number):
                sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                sqlite3_bind_double(handle, index, number)
            case .text(let text):
                // The byte count, not -1: a Swift string may contain NUL.
                text.withCString { sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), sqliteTransient) }
            case .blob(let bytes) where bytes.isEmpty:
                // bind_blob with a NULL pointer binds NULL; a zero-length blob needs zeroblob.
                sqlite3_bind_zeroblob(handle, index, 0)
            case .blob(let bytes):
                bytes.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                }
            }
            guard code == SQLITE_OK else { throw DatabaseError.last(db, sql: sql) }
        }
    }

    /// Advances one row: true when a row is ready to read, false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError.last(db, sql: sql)
        }
    }

    var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// The current row's values, after `step()` returned true.
    func values() -> [SQLValue] {
        (0..<sqlite3_column_count(handle)).map { column in
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER:
                return .integer(sqlite3_column_int64(handle, column))
            case SQLITE_FLOAT:
                return .real(sqlite3_column_double(handle, column))
            case SQLITE_TEXT:
                // Text first, then bytes: SQLite's documented order, so the count is of the UTF-8.
                guard let start = sqlite3_column_text(handle, column) else { return .text("") }
                let count = Int(sqlite3_column_bytes(handle, column))
                return .text(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self))
            case SQLITE_BLOB:
                // A zero-length blob comes back as a NULL pointer but still typed BLOB.
                guard let start = sqlite3_column_blob(handle, column) else { return .blob([]) }
                let count = Int(sqlite3_column_bytes(handle, column))
                return .blob(Array(UnsafeRawBufferPointer(start: start, count: count)))
            default:
                return .null
            }
        }
    }
}
