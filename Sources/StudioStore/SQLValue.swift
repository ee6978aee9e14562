/// One SQLite value, with SQLite's own five storage classes and nothing more.
///
/// Dates, booleans and JSON are the caller's encoding choice, not the wrapper's: keeping to the
/// storage classes means a value read back is exactly the value written.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A zero-length blob stays a blob (not NULL) in both directions.
    case blob([UInt8])
}

extension SQLValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
}
