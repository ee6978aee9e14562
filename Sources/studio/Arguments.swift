import StudioCore

/// A small command-line parser: `--flag value`, `--flag=value`, `-o value`, boolean switches and
/// positionals, with errors that say which flag was wrong and why.
struct Arguments {
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var values: [String: String] = [:]
    private(set) var switches: Set<String> = []
    private(set) var positionals: [String] = []

    /// `valued` and `boolean` list the long names (without dashes) a command accepts; `aliases`
    /// maps short forms like "o" to long names.
    init(_ arguments: [String], command: String, valued: Set<String>, boolean: Set<String>,
         aliases: [String: String] = [:]) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                positionals += arguments[index...]
                break
            }
            var name = String(argument.drop(while: { $0 == "-" }))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            name = aliases[name] ?? name
            if boolean.contains(name) {
                guard inlineValue == nil else {
                    throw UsageError(description: "\(command): --\(name) takes no value")
                }
                switches.insert(name)
            } else if valued.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else {
                        throw UsageError(description: "\(command): --\(name) needs a value")
                    }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                let flags = valued.union(boolean).sorted().map { "--\($0)" }
                let hint = Suggestion.didYouMean("--\(name)", among: flags)
                throw UsageError(description: "\(command): unknown option \(argument)\(hint) (known: \(flags.joined(separator: ", ")))")
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { switches.contains(name) }

    func required(_ name: String, command: String) throws(UsageError) -> String {
        guard let value = values[name], !value.isEmpty else {
            throw UsageError(description: "\(command): --\(name) is required")
        }
        return value
    }

    /// Parses a value with `parse`, or explains what was expected.
    func parsed<T>(_ name: String, command: String, expected: String, _ parse: (String) -> T?) throws(UsageError) -> T? {
        guard let text = values[name] else { return nil }
        guard let value = parse(text) else {
            throw UsageError(description: "\(command): invalid value for --\(name): '\(text)' (expected \(expected))")
        }
        return value
    }
}
