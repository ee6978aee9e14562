/// Builds the node tree from tokens, matching sections with their close tags.
struct TemplateParser {
    /// A section whose close tag has not been seen yet.
    private struct OpenSection {
        let tag: TemplateTag
        let reference: VariableReference
        var body: [TemplateNode] = []
        var otherwise: [TemplateNode] = []
        var inOtherwise = false
    }

    /// The nodes of the template and every partial it names, with where each is named.
    static func parse(_ tokens: [TemplateToken]) throws(TemplateError) -> (nodes: [TemplateNode], partials: [(String, SourceLocation)]) {
        var root: [TemplateNode] = []
        var open: [OpenSection] = []
        var partials: [(String, SourceLocation)] = []

        func append(_ node: TemplateNode) {
            if open.isEmpty {
                root.append(node)
            } else if open[open.count - 1].inOtherwise {
                open[open.count - 1].otherwise.append(node)
            } else {
                open[open.count - 1].body.append(node)
            }
        }

        for token in tokens {
            guard case .tag(let tag) = token else {
                if case .text(let text) = token { append(.text(text)) }
                continue
            }
            switch tag.kind {
            case .comment:
                continue
            case .escaped, .raw:
                append(.variable(try reference(in: tag), isEscaped: tag.kind == .escaped))
            case .section, .invertedSection:
                open.append(OpenSection(tag: tag, reference: try reference(in: tag)))
            case .otherwise:
                guard !open.isEmpty else {
                    throw TemplateError(.invalidTag, at: tag.location, "`{{else}}` outside a section")
                }
                guard !open[open.count - 1].inOtherwise else {
                    throw TemplateError(.invalidTag, at: tag.location, "a second `{{else}}` in the section `\(open[open.count - 1].reference.name)`")
                }
                open[open.count - 1].inOtherwise = true
            case .close:
                let closing = try reference(in: tag)
                guard let section = open.popLast() else {
                    throw TemplateError(.mismatchedCloseTag, at: tag.location, "`{{/\(closing.name)}}` closes no open section")
                }
                guard section.reference.name == closing.name else {
                    let opened = section.tag.location
                    throw TemplateError(
                        .mismatchedCloseTag, at: tag.location,
                        "`{{/\(closing.name)}}` does not match `{{\(section.tag.kind == .section ? "#" : "^")\(section.reference.name)}}` opened at \(opened.line):\(opened.column)"
                    )
                }
                append(.section(TemplateNode.Section(
                    reference: section.reference, isInverted: section.tag.kind == .invertedSection,
                    body: section.body, otherwise: section.otherwise
                )))
            case .partial:
                guard !tag.content.isEmpty, tag.content.allSatisfy({ VariableReference.isNameCharacter($0) || $0 == "/" || $0 == "." }) else {
                    throw TemplateError(.invalidTag, at: tag.location, "`\(tag.content)` is not a valid partial name")
                }
                partials.append((tag.content, tag.location))
                append(.partial(name: tag.content, indentation: tag.indentation, location: tag.location))
            }
        }
        if let unclosed = open.last {
            let sigil = unclosed.tag.kind == .section ? "#" : "^"
            throw TemplateError(.unclosedSection, at: unclosed.tag.location, "`{{\(sigil)\(unclosed.reference.name)}}` is never closed with `{{/\(unclosed.reference.name)}}`")
        }
        return (root, partials)
    }

    private static func reference(in tag: TemplateTag) throws(TemplateError) -> VariableReference {
        guard !tag.content.isEmpty else {
            throw TemplateError(.invalidTag, at: tag.location, "empty tag")
        }
        guard let reference = VariableReference(tag.content, at: tag.location) else {
            let hint = tag.content.hasPrefix("@") ? " (loop variables are @index, @number, @first and @last)" : ""
            throw TemplateError(.invalidTag, at: tag.location, "`\(tag.content)` is not a valid name\(hint)")
        }
        return reference
    }
}
