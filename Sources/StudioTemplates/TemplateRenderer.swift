/// Renders a node tree against a stack of contexts.
///
/// Name lookup is Mustache's: the first part of `a.b.c` is looked for in the innermost context,
/// then in each enclosing one out to the root, and the rest is looked up inside what was found.
/// Unlike Mustache, a name found nowhere is an error (unless written `name?`), so a typo cannot
/// publish an empty hole.
struct TemplateRenderer {
    /// One level of the context stack: the root, a section's value, or one element of a loop.
    private struct Frame {
        let value: TemplateValue
        /// For loop elements: the position in the array, for `@index` and friends.
        let position: (index: Int, count: Int)?
    }

    private let partials: [String: Template]
    private var stack: [Frame]
    private var partialDepth = 0
    /// The indentation of the standalone partial being rendered, applied to each of its lines.
    private var indentation = ""
    /// Whether the next output begins a line of an indented partial, and so needs `indentation`.
    private var atLineStart = false
    private(set) var output = ""

    init(partials: [String: Template], context: TemplateValue) {
        self.partials = partials
        stack = [Frame(value: context, position: nil)]
    }

    mutating func render(_ nodes: [TemplateNode]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                writeTemplateText(text)
            case .variable(let reference, let isEscaped):
                let value = try resolve(reference)
                guard let text = value.text else {
                    throw TemplateError(
                        .notPrintable, at: reference.location,
                        "`\(reference.name)` is \(value.kindName), which has no text; use a section `{{#\(reference.name)}}…{{/\(reference.name)}}`"
                    )
                }
                writeValue(isEscaped ? HTMLEscaping.escape(text) : text)
            case .section(let section):
                try render(section)
            case .partial(let name, let partialIndentation, let location):
                try renderPartial(name, indentation: partialIndentation, at: location)
            }
        }
    }

    private mutating func render(_ section: TemplateNode.Section) throws(TemplateError) {
        let value = try resolve(section.reference)
        if section.isInverted {
            try render(value.isTruthy ? section.otherwise : section.body)
            return
        }
        guard value.isTruthy else {
            try render(section.otherwise)
            return
        }
        if case .array(let items) = value {
            for (index, item) in items.enumerated() {
                stack.append(Frame(value: item, position: (index, items.count)))
                defer { stack.removeLast() }
                try render(section.body)
            }
        } else {
            stack.append(Frame(value: value, position: nil))
            defer { stack.removeLast() }
            try render(section.body)
        }
    }

    private mutating func renderPartial(_ name: String, indentation partialIndentation: String, at location: SourceLocation) throws(TemplateError) {
        guard let partial = partials[name] else {
            throw TemplateError(.unknownPartial, at: location, "unknown partial `\(name)`")
        }
        guard partialDepth < TemplateSet.maximumPartialDepth else {
            throw TemplateError(
                .partialRecursionTooDeep, at: location,
                "partials nested more than \(TemplateSet.maximumPartialDepth) deep at `{{> \(name)}}`: does it include itself without end?"
            )
        }
        let saved = indentation
        partialDepth += 1
        if !partialIndentation.isEmpty {
            indentation += partialIndentation
            atLineStart = true
        }
        defer {
            partialDepth -= 1
            indentation = saved
        }
        try render(partial.nodes)
    }

    // MARK: Output

    /// Writes literal template text, indenting each non-empty line inside an indented partial.
    private mutating func writeTemplateText(_ text: String) {
        guard !indentation.isEmpty else {
            output += text
            return
        }
        // Scans bytes, not Characters: this runs for every line of every indented partial.
        var start = text.utf8.startIndex
        while let newline = text.utf8[start...].firstIndex(of: UInt8(ascii: "\n")) {
            writeValue(text[start..<newline])
            output += "\n"
            atLineStart = true
            start = text.utf8.index(after: newline)
        }
        writeValue(text[start...])
    }

    /// Writes a value (or a piece of one line of template text), after any pending indentation.
    private mutating func writeValue<Text: StringProtocol>(_ text: Text) {
        guard !text.isEmpty else { return }
        if atLineStart {
            output += indentation
            atLineStart = false
        }
        output += text
    }

    // MARK: Lookup

    private func resolve(_ reference: VariableReference) throws(TemplateError) -> TemplateValue {
        switch reference.path {
        case .current:
            return stack[stack.count - 1].value
        case .loop(let variable):
            guard let position = stack.last(where: { $0.position != nil })?.position else {
                if reference.isOptional { return .null }
                throw TemplateError(.unknownVariable, at: reference.location, "`@\(variable.rawValue)` is only defined inside a loop over an array")
            }
            switch variable {
            case .index: return .number(Double(position.index))
            case .number: return .number(Double(position.index + 1))
            case .first: return .bool(position.index == 0)
            case .last: return .bool(position.index == position.count - 1)
            }
        case .members(let components):
            guard let found = stack.reversed().lazy.compactMap({ $0.value[components[0]] }).first else {
                if reference.isOptional { return .null }
                throw TemplateError(.unknownVariable, at: reference.location, "unknown variable `\(reference.name)`")
            }
            var value = found
            for (offset, component) in components.enumerated().dropFirst() {
                guard let member = value[component] else {
                    if reference.isOptional { return .null }
                    let parent = components[..<offset].joined(separator: ".")
                    var message = "unknown variable `\(reference.name)`: `\(parent)` is \(value.kindName)"
                    if case .dictionary(let members) = value {
                        message += " without `\(component)`"
                        if !members.isEmpty { message += " (it has: \(members.keys.sorted().joined(separator: ", ")))" }
                    }
                    throw TemplateError(.unknownVariable, at: reference.location, message)
                }
                value = member
            }
            return value
        }
    }
}
