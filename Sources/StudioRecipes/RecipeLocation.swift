/// Where an object was declared, so that a later stage (rendering, binding to ids) can still
/// point the user at the recipe line it came from.
public struct RecipeLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition

    public init(file: String, position: SourcePosition) {
        self.file = file
        self.position = position
    }

    public var description: String { "\(file):\(position.line):\(position.column)" }
}
