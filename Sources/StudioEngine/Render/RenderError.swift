import StudioCore

/// Why a render did not produce audio, in words that name what went wrong.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    case unknownEngine(String)
    case engineDisabled(String, reason: String)
    case invalidDuration(Double, max: Int)
    case cancelled
    case io(String)

    public var description: String {
        switch self {
        case .unknownEngine(let key):
            "unknown engine \"\(key)\"" + Suggestion.didYouMean(key, among: EngineCatalogue.all.map(\.descriptor.engineKey)) { "\"\($0)\"" }
                + " (known: \(EngineCatalogue.all.map(\.descriptor.engineKey).joined(separator: ", ")); see `studio engines`)"
        case .engineDisabled(let key, let reason): "engine \"\(key)\" is disabled: \(reason)"
        case .invalidDuration(let seconds, let max):
            "duration \(seconds) s is outside this engine's range of 1 to \(max) seconds"
        case .cancelled: "the render was cancelled"
        case .io(let message): message
        }
    }
}
