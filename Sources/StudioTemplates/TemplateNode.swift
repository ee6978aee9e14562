/// A compiled template: a tree of nodes, built once and rendered many times.
indirect enum TemplateNode: Sendable {
    case text(String)
    case variable(VariableReference, isEscaped: Bool)
    case section(Section)
    case partial(name: String, indentation: String, location: SourceLocation)

    /// `{{#name}}…{{else}}…{{/name}}` or its inverted form `{{^name}}…{{/name}}`.
    struct Section: Sendable {
        let reference: VariableReference
        let isInverted: Bool
        /// What renders when the section is shown (or, inverted, when the value is falsy).
        let body: [TemplateNode]
        /// What renders otherwise: the part after `{{else}}`.
        let otherwise: [TemplateNode]
    }
}

/// A name in a tag, understood: `.`, `track.title`, `@index`, each optionally with `?`.
struct VariableReference: Sendable {
    enum Path: Sendable, Equatable {
        /// `.`: the innermost context itself.
        case current
        /// `a.b.c`: the first member found walking up the context stack, then members of it.
        case members([String])
        /// `@index`, `@number`, `@first`, `@last`: the position in the innermost loop.
        case loop(LoopVariable)
    }

    enum LoopVariable: String, Sendable, CaseIterable {
        case index, number, first, last
    }

    let path: Path
    /// `name?`: a missing name renders as null instead of failing.
    let isOptional: Bool
    /// The name as written, without `?`, for messages and for matching close tags.
    let name: String
    let location: SourceLocation

    /// Parses the contents of a tag; nil when they are not a valid name.
    init?(_ content: String, at location: SourceLocation) {
        var name = Substring(content)
        isOptional = name.hasSuffix("?")
        if isOptional { name = name.dropLast() }
        self.name = String(name)
        self.location = location
        if name == "." {
            path = .current
        } else if name.hasPrefix("@") {
            guard let variable = LoopVariable(rawValue: String(name.dropFirst())) else { return nil }
            path = .loop(variable)
        } else {
            let components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard components.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isNameCharacter) }) else { return nil }
            path = .members(components)
        }
    }

    /// Letters, digits, `_` and `-`: what JSON keys in our objects use.
    static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }
}
