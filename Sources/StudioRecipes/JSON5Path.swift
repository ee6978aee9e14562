/// Where a value sits inside a JSON5 document: the keys and array indices leading to it,
/// e.g. `["tracks", "sunrise", "bpm"]` or `["shares", 1, "expires"]`.
struct JSON5Path: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    enum Component: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key(String)
        case index(Int)

        init(stringLiteral value: String) { self = .key(value) }
        init(integerLiteral value: Int) { self = .index(value) }
    }

    var components: [Component]

    init(_ components: [Component] = []) { self.components = components }
    init(arrayLiteral elements: Component...) { self.components = elements }

    /// The document itself.
    static let root = JSON5Path()

    func appending(_ component: Component) -> JSON5Path {
        JSON5Path(components + [component])
    }

    func appending(key: String) -> JSON5Path { appending(.key(key)) }
    func appending(index: Int) -> JSON5Path { appending(.index(index)) }

    /// The path one level up; the root is its own parent.
    var parent: JSON5Path { JSON5Path(Array(components.dropLast())) }

    /// `tracks.sunrise.formats[1]`: how messages name a field.
    var description: String {
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
