import Foundation
import StudioRecipes

/// One setting's value by the documented precedence (docs/CONFIG.md): the flag, else its
/// `STUDIO_*` variable, else `studio.json5`, else the built-in default.
struct SiteSettings {
    let arguments: Arguments
    let command: String
    let configuration: SiteConfiguration
    /// An empty variable counts as unset (`STUDIO_OUT= studio build` must not publish into ".").
    let environment = ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty }

    /// `studio.json5` of the working directory (or `STUDIO_CONFIG`), refused with its
    /// `file:line:column` problems (a usage error: exit 2) when it does not validate.
    static func loadConfiguration() throws(Arguments.UsageError) -> SiteConfiguration {
        let path = ProcessInfo.processInfo.environment["STUDIO_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? SiteConfiguration.fileName
        do { return try SiteConfiguration.load(path: path) } catch {
            // One problem a line, each starting with its place, as the recipes' problems print.
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            let count = error.diagnostics.count
            throw Arguments.UsageError(description: "\(count) problem\(count == 1 ? "" : "s") in \(path); nothing was done")
        }
    }

    /// The text of a setting from the flag or the variable, and which of them gave it.
    func text(_ flag: String, _ variable: String) -> (value: String, source: String)? {
        if let value = arguments.value(flag) { return (value, "--\(flag)") }
        if let value = environment[variable] { return (value, variable) }
        return nil
    }

    func string(_ flag: String, _ variable: String, configured: String?) -> String? {
        text(flag, variable)?.value ?? configured
    }

    func integer(_ flag: String, _ variable: String, configured: Int?, default fallback: Int,
                 in range: ClosedRange<Int>) throws(Arguments.UsageError) -> Int {
        guard let (text, source) = text(flag, variable) else { return configured ?? fallback }
        guard let number = Int(text), range.contains(number) else {
            throw Arguments.UsageError(description: "\(command): \(source) must be a whole number from \(range.lowerBound) "
                                       + "to \(range.upperBound), got \(text)")
        }
        return number
    }

    /// A switch: the flag, else the variable (`1`/`true` or `0`/`false`), else the file.
    func boolean(_ flag: String, _ variable: String, configured: Bool?) throws(Arguments.UsageError) -> Bool {
        if arguments.has(flag) { return true }
        if let text = environment[variable] {
            switch text.lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no": return false
            default: throw Arguments.UsageError(description: "\(command): \(variable) must be 1 or 0, got \(text)")
            }
        }
        return configured ?? false
    }
}
