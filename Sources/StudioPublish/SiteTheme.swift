import Foundation
import StudioDefaultSite
import StudioTemplates

/// The templates and stylesheet a publish uses: the theme compiled into the binary
/// (`StudioDefaultSite`), with the files of an override directory — `templates/` in the working
/// directory, `--templates DIR` or `STUDIO_TEMPLATES` — replacing the built-in files of the same
/// name, as a Hugo or Zola site overrides its theme. A directory holding only `track.html` changes
/// the track page and keeps everything else built in.
///
/// This decides only where templates are loaded from; rendering stays with `Publisher`.
public struct SiteTheme: Sendable {
    public let templates: TemplateSet
    /// `style.css`, copied to `assets/style.css`.
    public let stylesheet: Data?

    /// The built-in theme with `overrides` (when given) laid over it. Errors name the file and
    /// what is wrong with it, never the file system's internal error text.
    public init(overrides directory: URL?) throws(PublishError) {
        var files: [String: (data: Data, sourceName: String)] = [:]
        for (name, data) in DefaultSite.files { files[name] = (data, "built-in templates/\(name)") }
        if let directory {
            for (name, data) in try Self.read(directory) { files[name] = (data, directory.appendingPathComponent(name).path) }
        }
        var templates: [Template] = []
        for (name, file) in files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".html") {
            guard let source = String(data: file.data, encoding: .utf8) else {
                throw PublishError.template("\(file.sourceName): not UTF-8 text")
            }
            do {
                templates.append(try Template(source, name: String(name.dropLast(".html".count)), sourceName: file.sourceName))
            } catch { throw PublishError.template("\(error)") }
        }
        do { self.templates = try TemplateSet(templates) } catch { throw PublishError.template("\(error)") }
        stylesheet = files["style.css"]?.data
    }

    /// The `*.html` files and `style.css` directly in `directory`, by name.
    private static func read(_ directory: URL) throws(PublishError) -> [String: Data] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw PublishError.cannotRead(directory.path, reason: "not a readable directory of templates")
        }
        var files: [String: Data] = [:]
        for name in names where name.hasSuffix(".html") || name == "style.css" {
            let path = directory.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PublishError.cannotRead(path, reason: "the file cannot be read (check its permissions)")
            }
            files[name] = data
        }
        return files
    }
}
