/// Failures of the state store that are not SQLite's own.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The thing asked for does not exist (or is not visible to the caller).
    case notFound(String)
    /// The change would break a rule of the model (already in the collection, a job that ended).
    case conflict(String)
    /// A request that is well-formed but not acceptable (reorder that is not a permutation).
    case invalid(String)
    case invalidSecret(String)

    public var description: String {
        switch self {
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): "conflict: \(what)"
        case .invalid(let what): "invalid: \(what)"
        case .invalidSecret(let what): "signing secret: \(what)"
        }
    }
}
