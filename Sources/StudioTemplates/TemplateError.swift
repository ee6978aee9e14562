/// A place in a template's source: which template, and the 1-based line and column (in
/// characters) where a tag begins.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let template: String
    public let line: Int
    public let column: Int

    public init(template: String, line: Int, column: Int) {
        self.template = template
        self.line = line
        self.column = column
    }

    /// `template:line:column`, the form editors and compilers use so the position is clickable.
    public var description: String { "\(template):\(line):\(column)" }
}

/// Why a template could not be compiled or rendered, and where.
///
/// Templates are part of the build: a typo must stop `studio build` with a message that points
/// at the tag, never publish a page with a hole in it.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// `{{` without its closing `}}` (or `{{{` without `}}}`).
        case unterminatedTag
        /// A tag whose contents are not a valid name, or a misplaced `{{else}}`.
        case invalidTag
        /// `{{#name}}` or `{{^name}}` never closed.
        case unclosedSection
        /// `{{/name}}` that does not close the innermost open section.
        case mismatchedCloseTag
        /// `{{> name}}` with no template of that name in the set.
        case unknownPartial
        /// Partials nested deeper than `TemplateSet.maximumPartialDepth`: almost always a
        /// partial that includes itself without end.
        case partialRecursionTooDeep
        /// A name that is not in the context (and not marked optional with `?`).
        case unknownVariable
        /// A variable that names an array or dictionary, which has no text.
        case notPrintable
        /// A template asked for by name that the set does not hold.
        case unknownTemplate
    }

    public let kind: Kind
    public let location: SourceLocation
    public let message: String

    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var template: String { location.template }
    public var line: Int { location.line }
    public var column: Int { location.column }

    /// `template:line:column: message`.
    public var description: String { "\(location): \(message)" }
}
