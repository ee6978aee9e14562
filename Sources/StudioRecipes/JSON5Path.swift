/// Where a value sits inside a JSON5 document: the keys and array indices leading to it,
/// e.g. `["tracks", "sunrise", "bpm"]` or `["shares", 1, "expires"]`.
public struct JSON5Path: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public enum Component: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key(String)
        case index(Int)

        public init(stringLiteral value: String) { self = .key(value) }
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }
    public init(arrayLiteral elements: Component...) { self.components = elements }

    /// The document itself.
    public static let root = JSON5Path()

    public func appending(_ component: Component) -> JSON5Path {
        JSON5Path(components + [component])
    }

    public func appending(key: String) -> JSON5Path { appending(.key(key)) }
    public func appending(index: Int) -> JSON5Path { appending(.index(index)) }

    /// The path one level up; the root is its own parent.
    public var parent: JSON5Path { JSON5Path(Array(components.dropLast())) }

    /// `tracks.sunrise.formats[1]`: how messages name a field.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
