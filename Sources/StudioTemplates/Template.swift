/// One compiled template.
///
/// Compiling parses the source once into a node tree and reports every syntax error with its
/// `template:line:column`; rendering walks that tree and is a pure function of the context, so a
/// template can be shared between threads and rendered for thousands of share pages.
///
/// ```swift
/// let page = try Template("<h1>{{ track.title }}</h1>", name: "share")
/// try page.render(["track": ["title": "Rock & Roll"]])  // "<h1>Rock &amp; Roll</h1>"
/// ```
public struct Template: Sendable {
    /// The name partials use to include this template (`{{> name }}`).
    public let name: String
    let nodes: [TemplateNode]
    /// Every `{{> partial }}` this template names, with where: a template set checks them all
    /// exist before anything renders.
    let partialReferences: [(name: String, location: SourceLocation)]

    /// Compiles `source`.
    /// - Parameters:
    ///   - name: how partials refer to this template.
    ///   - sourceName: how error messages refer to it — typically its file path; defaults to `name`.
    public init(_ source: String, name: String = "template", sourceName: String? = nil) throws(TemplateError) {
        self.name = name
        var lexer = TemplateLexer(source: source, templateName: sourceName ?? name)
        let parsed = try TemplateParser.parse(try lexer.tokens())
        nodes = parsed.nodes
        partialReferences = parsed.partials.map { (name: $0.0, location: $0.1) }
    }

    /// Renders the template with `context`. A template on its own has no partials; render
    /// templates that use partials through their `TemplateSet`.
    public func render(_ context: TemplateValue) throws(TemplateError) -> String {
        var renderer = TemplateRenderer(partials: [:], context: context)
        try renderer.render(nodes)
        return renderer.output
    }
}
