import Foundation
import StudioCore

/// The "load" and "validate" stages of `studio build`: reads `recipes/*.json5` in name order
/// and turns them into a `RecipeSet`, or into every problem they have.
public enum RecipeLoader {
    /// One recipe file's text and the path to name it by in messages.
    public struct Source: Sendable, Hashable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The file name suffix of recipe files.
    public static let fileExtension = "json5"

    /// Loads and validates every `*.json5` file directly inside `directory`, in name order.
    /// Hidden files and subdirectories are skipped. An empty directory is an empty recipe set.
    public static func load(directory: URL, engines: [EngineDescriptor]) -> Result<RecipeSet, RecipeErrors> {
        let directoryPath = directory.relativePath
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            return .failure(RecipeErrors(diagnostics: [
                RecipeDiagnostic(file: directoryPath, position: nil, message: "cannot read the recipe directory"),
            ]))
        }
        var sources: [Source] = []
        var unreadable: [RecipeDiagnostic] = []
        var paths: [String] = []
        for name in recipeFileNames(in: names) {
            let url = directory.appendingPathComponent(name, isDirectory: false)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let path = url.relativePath
            paths.append(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                unreadable.append(RecipeDiagnostic(file: path, position: nil, message: "cannot read the file"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                unreadable.append(RecipeDiagnostic(file: path, position: nil, message: "not UTF-8 text"))
                continue
            }
            sources.append(Source(path: path, text: text))
        }
        let result = load(sources: sources, engines: engines)
        guard !unreadable.isEmpty else { return result }
        return .failure(RecipeErrors(diagnostics: sorted(unreadable + result.failureDiagnostics, fileOrder: paths)))
    }

    /// Validates recipe texts given in file order. The result holds a recipe set only when no
    /// file has any problem, so that a build never applies half of a broken set.
    public static func load(sources: [Source], engines: [EngineDescriptor]) -> Result<RecipeSet, RecipeErrors> {
        let catalogue = EngineCatalogue(engines)
        var drafts: [RecipeFileDraft] = []
        var diagnostics: [RecipeDiagnostic] = []
        var brokenOrganizations: [String?] = []
        for source in sources {
            let (draft, found) = RecipeFileReader.read(path: source.path, text: source.text, engines: catalogue)
            drafts.append(draft)
            diagnostics += found
            if !draft.parsed { brokenOrganizations.append(organization(guessedFrom: source.text)) }
        }
        diagnostics += RecipeSetChecks.check(drafts, brokenOrganizations: brokenOrganizations)
        guard diagnostics.isEmpty else {
            return .failure(RecipeErrors(diagnostics: sorted(diagnostics, fileOrder: sources.map(\.path))))
        }
        return .success(RecipeSet(files: drafts.map { draft in
            RecipeFile(path: draft.path, organization: draft.organization ?? "", tracks: draft.tracks,
                       collections: draft.collections, shares: draft.shares, focusSessions: draft.focusSessions)
        }))
    }

    /// The organization a file that does not parse most likely declares: the one
    /// `organization: "slug"` in its text. Nil when there is not exactly one.
    static func organization(guessedFrom text: String) -> String? {
        let matches = text.matches(of: /["']?organization["']?\s*:\s*["']([a-z0-9][a-z0-9-]*)["']/)
        return matches.count == 1 ? String(matches[0].output.1) : nil
    }

    /// Recipe files among directory entries, in name order (by Unicode scalar values, the same
    /// on every platform and locale).
    static func recipeFileNames(in names: [String]) -> [String] {
        names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".\(fileExtension)") }
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// File order first, then place in the file, so that the list reads top to bottom.
    static func sorted(_ diagnostics: [RecipeDiagnostic], fileOrder: [String]) -> [RecipeDiagnostic] {
        let rank = Dictionary(fileOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return diagnostics.enumerated().sorted { a, b in
            let left = (rank[a.element.file] ?? -1, a.element.position ?? SourcePosition(line: 0, column: 0), a.offset)
            let right = (rank[b.element.file] ?? -1, b.element.position ?? SourcePosition(line: 0, column: 0), b.offset)
            if left.0 != right.0 { return left.0 < right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            return left.2 < right.2
        }.map(\.element)
    }
}

private extension Result where Failure == RecipeErrors {
    var failureDiagnostics: [RecipeDiagnostic] {
        if case .failure(let errors) = self { return errors.diagnostics }
        return []
    }
}
