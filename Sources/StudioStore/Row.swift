/// One result row, read by column name.
///
/// A column name the query does not return is a programming error, like an array index out of
/// range: it traps and lists the columns there are, rather than reading as NULL and hiding a
/// typo until the day the value matters. The typed accessors return nil only for NULL or a
/// value of another storage class.
public struct Row: Sendable, Equatable {
    /// The result's column names, shared by all rows of one query (arrays are copy-on-write).
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of the first column called `column` (a join may repeat a name; alias it).
    public subscript(column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else {
            preconditionFailure("no column \"\(column)\" in row; columns are \(columns)")
        }
        return values[index]
    }

    public func contains(_ column: String) -> Bool { columns.contains(column) }

    public func string(_ column: String) -> String? {
        if case .text(let value) = self[column] { return value }
        return nil
    }

    public func int(_ column: String) -> Int? {
        if case .integer(let value) = self[column] { return Int(exactly: value) }
        return nil
    }

    public func int64(_ column: String) -> Int64? {
        if case .integer(let value) = self[column] { return value }
        return nil
    }

    /// Integers are widened: SQLite stores 2.0 in a column without REAL affinity as INTEGER 2.
    public func double(_ column: String) -> Double? {
        switch self[column] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public func blob(_ column: String) -> [UInt8]? {
        if case .blob(let value) = self[column] { return value }
        return nil
    }

    public func isNull(_ column: String) -> Bool { self[column] == .null }
}
