/// One problem in the recipes, printed the way compilers print them so that editors and CI
/// logs can jump to it: `recipes/demo.json5:12:7: message`.
public struct RecipeDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the loader was given it (relative if the directory URL was relative).
    public var file: String
    /// Nil only for problems with no place inside a file (an unreadable file or directory).
    public var position: SourcePosition?
    public var message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var line: Int? { position?.line }
    public var column: Int? { position?.column }

    public var description: String {
        if let position { return "\(file):\(position.line):\(position.column): \(message)" }
        return "\(file): \(message)"
    }
}
