/// Why a publish stopped. The previous `public/` stays as it was up to the failing file:
/// every file is replaced atomically, and stale files are removed only after all new ones exist.
public enum PublishError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(String, reason: String)
    case cannotRead(String, reason: String)
    case missingAudio(String)
    case missingTemplate(String)
    case template(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        case .missingAudio(let path): "audio file \(path) is missing from the state; render the track again (studio build)"
        case .missingTemplate(let name): "templates: no \(name).html"
        case .template(let message): message
        }
    }
}
