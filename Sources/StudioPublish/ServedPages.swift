import Foundation
import StudioTemplates

/// The pages `studio serve` renders on request and never writes to `public/` (issue #17): the
/// home page (it lists the server's shares, which a static host must never show), the API
/// reference, and the page of a revoked or expired link. They come from the same theme as the
/// published pages (`home.html`, `api.html`, `gone.html`; a project's `templates/` overrides
/// them too), re-read only when an override file changed.
public struct ServedPages: Sendable {
    let templatesDirectory: URL?
    let cache = TemplateCache()

    public init(templatesDirectory: URL?) {
        self.templatesDirectory = templatesDirectory
    }

    /// The page `name` (a template name) with `context`; errors name the template and what is
    /// wrong, as a publish's do.
    public func render(_ name: String, _ context: TemplateValue) throws -> String {
        let templates = try cache.theme(overrides: templatesDirectory).templates
        guard templates[name] != nil else { throw PublishError.missingTemplate(name) }
        do { return try templates.render(name, context) } catch { throw PublishError.template("\(error)") }
    }
}
