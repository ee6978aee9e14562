import StudioCore

/// The engines a recipe may name, looked up by key, with the words to use when one is wrong.
struct EngineCatalogue: Sendable {
    let engines: [String: EngineDescriptor]

    init(_ descriptors: [EngineDescriptor]) {
        engines = Dictionary(descriptors.map { ($0.engineKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var knownKeys: [String] { engines.keys.sorted() }

    /// Why `key` cannot be used, or the engine when it can.
    func lookUp(_ key: String) -> Result<EngineDescriptor, EngineProblem> {
        guard let engine = engines[key] else { return .failure(.unknown(suggestion: closestKey(to: key))) }
        guard engine.enabled else { return .failure(.disabled(reason: engine.disabledReason)) }
        return .success(engine)
    }

    enum EngineProblem: Error {
        case unknown(suggestion: String?)
        case disabled(reason: String?)
    }

    func message(for problem: EngineProblem, key: String) -> String {
        switch problem {
        case .unknown(let suggestion):
            let known = knownKeys.isEmpty ? "no engines are available" : "known engines: " + knownKeys.joined(separator: ", ")
            let hint = suggestion.map { "did you mean \"\($0)\"? " } ?? ""
            return "engine: unknown engine \"\(key)\"; \(hint)\(known)"
        case .disabled(let reason):
            return "engine: engine \"\(key)\" is disabled: \(reason ?? "no reason given")"
        }
    }

    /// The known key within two edits of `key`, for typos such as "ambiant-1".
    func closestKey(to key: String) -> String? {
        let scored = knownKeys.map { ($0, Suggestion.editDistance($0, key)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}
