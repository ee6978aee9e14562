import Foundation
import PackagePlugin

/// Compiles every file of the repository's `templates/` into the `StudioDefaultSite` module (and
/// of `console/` into `StudioConsole`, the browser console `studio serve` answers at `/studio/`),
/// on every `swift build` and `swift test`: the generated source is a build product, never checked
/// in, so it cannot drift from its directory and a plain `swift build` needs no extra step.
@main struct EmbedSiteTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let isConsole = target.name == "StudioConsole"
        let templates = context.package.directoryURL.appending(path: isConsole ? "console" : "templates")
        let files = try FileManager.default.contentsOfDirectory(at: templates, includingPropertiesForKeys: [.isRegularFileKey])
            .filter { !$0.lastPathComponent.hasPrefix(".") && (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultSiteFiles.swift")
        // The directory is an input as well as its files: adding or removing a file changes it,
        // so the command runs again even though the build plan (and this list) was made before.
        return [.buildCommand(displayName: "Embedding \(templates.lastPathComponent)/ into \(target.name)",
                              executable: try context.tool(named: "studio-embed").url,
                              arguments: [output.path, templates.path] + (isConsole ? ["ConsoleSite"] : []),
                              inputFiles: [templates] + files, outputFiles: [output])]
    }
}
