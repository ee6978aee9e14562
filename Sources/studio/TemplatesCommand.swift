import Foundation
import StudioCore
import StudioDefaultSite

/// `studio templates export DIR`: the built-in theme written out as files, for a user to edit and
/// then use with `--templates DIR` (or as `templates/` in the project).
enum TemplatesCommand {
    static let help = """
    usage: studio templates export DIR [--force]
           studio templates list

    The share pages, 404 page, focus player and style.css are built into studio. A build or publish
    uses them unless a templates directory replaces some of them: --templates DIR, else
    $STUDIO_TEMPLATES, else templates/ in the working directory. A file there replaces the built-in
    file of the same name; the rest stay built in.
      export DIR   write every built-in file into DIR (created if needed); existing files are
                   left alone unless --force
      list         print the built-in file names
    """

    static func run(_ raw: [String]) throws {
        let arguments = try Arguments(raw, command: "templates", valued: [], boolean: ["force", "help"], aliases: ["h": "help"])
        if arguments.has("help") { print(help); return }
        switch arguments.positionals.first {
        case "list":
            for name in DefaultSite.names { print(name) }
        case "export":
            guard arguments.positionals.count == 2 else {
                throw Arguments.UsageError(description: "templates export needs one directory: studio templates export DIR")
            }
            try export(to: URL(fileURLWithPath: arguments.positionals[1]), force: arguments.has("force"))
        case let other?:
            throw Arguments.UsageError(description: "templates: unknown subcommand '\(other)'\(Suggestion.didYouMean(other, among: ["export", "list"])) "
                                       + "(studio templates --help)")
        case nil:
            throw Arguments.UsageError(description: "templates: expected a subcommand: export DIR or list (studio templates --help)")
        }
    }

    private static func export(to directory: URL, force: Bool) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw CommandError("cannot create the directory \(directory.path): \(ErrorText.reason(error))")
        }
        let existing = DefaultSite.names.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if !existing.isEmpty && !force {
            throw CommandError("\(directory.path) already has \(existing.joined(separator: ", ")); nothing was written "
                               + "(--force replaces them)")
        }
        for name in DefaultSite.names {
            let file = directory.appendingPathComponent(name)
            do { try DefaultSite.files[name]!.write(to: file, options: .atomic) } catch {
                throw CommandError("cannot write \(file.path): \(ErrorText.reason(error))")
            }
        }
        let note = "wrote \(DefaultSite.names.count) files to \(directory.path); use them with --templates \(directory.path)\n"
        FileHandle.standardError.write(Data(note.utf8))
    }
}
