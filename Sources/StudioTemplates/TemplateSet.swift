import Foundation

/// The templates of a site, by name, able to include each other as partials.
///
/// Building a set checks that every `{{> name }}` in every template names a template in the
/// set, so a missing partial fails when the templates load, not on the one page that uses it.
public struct TemplateSet: Sendable {
    /// How deep partials may nest. A partial may include itself (to draw a tree, say), but a
    /// recursion that never ends must fail with a message rather than exhaust the stack.
    public static let maximumPartialDepth = 16

    private let templates: [String: Template]

    /// The set of `templates`; a later template with the same name replaces an earlier one.
    public init(_ templates: [Template]) throws(TemplateError) {
        var byName: [String: Template] = [:]
        for template in templates { byName[template.name] = template }
        for template in templates {
            for reference in template.partialReferences where byName[reference.name] == nil {
                throw TemplateError(.unknownPartial, at: reference.location, "unknown partial `\(reference.name)`\(Self.listing(byName.keys))")
            }
        }
        self.templates = byName
    }

    /// Compiles each source under its name.
    public init(sources: [String: String]) throws(TemplateError) {
        var templates: [Template] = []
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            templates.append(try Template(source, name: name))
        }
        try self.init(templates)
    }

    /// Loads every `*.html` file in `directory` (not its subdirectories), each named by its file
    /// name without the extension: `share.html` is `share`, included as `{{> share }}`.
    /// Errors name the file's path. Throws `TemplateError`, or the file system's error when a
    /// file cannot be read.
    public init(directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "html" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var templates: [Template] = []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            templates.append(try Template(source, name: file.deletingPathExtension().lastPathComponent, sourceName: file.path))
        }
        try self.init(templates)
    }

    /// The names of the templates, sorted.
    public var names: [String] { templates.keys.sorted() }

    public subscript(name: String) -> Template? { templates[name] }

    /// Renders the template `name` with `context`, its partials drawn from this set.
    public func render(_ name: String, _ context: TemplateValue) throws(TemplateError) -> String {
        guard let template = templates[name] else {
            throw TemplateError(.unknownTemplate, at: SourceLocation(template: name, line: 1, column: 1), "no template named `\(name)`\(Self.listing(templates.keys))")
        }
        var renderer = TemplateRenderer(partials: templates, context: context)
        try renderer.render(template.nodes)
        return renderer.output
    }

    private static func listing(_ names: Dictionary<String, Template>.Keys) -> String {
        names.isEmpty ? " (the set is empty)" : " (known: \(names.sorted().joined(separator: ", ")))"
    }
}
