/// A place in a recipe's text, as an editor shows it: 1-based line and column.
///
/// Columns count Unicode scalars from the start of the line, so a tab or an "é" is one column;
/// that is what most editors' "go to line:column" expects for text without combining marks.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The first character of a file: where a problem with no better place is reported.
    public static let start = SourcePosition(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
