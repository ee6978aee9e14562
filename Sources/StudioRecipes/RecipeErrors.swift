/// Every problem found in a recipe set, in file order and then by place within each file.
///
/// The loader reports them all at once, so that one `studio build` shows everything to fix.
public struct RecipeErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [RecipeDiagnostic]

    public init(diagnostics: [RecipeDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
