/// Structure-blind mutations of a valid input, the way coverage-guided fuzzers start: flip,
/// insert, delete, duplicate and truncate bytes, and splice in tokens of the input's language
/// (a dictionary reaches states that single random bytes almost never do).
public struct FuzzMutator: Sendable {
    /// Pieces of syntax worth splicing in.
    public var tokens: [[UInt8]]
    /// How many edits one mutation makes, at most.
    public var maximumEdits: Int

    public init(tokens: [String], maximumEdits: Int = 6) {
        self.tokens = tokens.map { Array($0.utf8) }
        self.maximumEdits = maximumEdits
    }

    public func mutate(_ input: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<random.int(1...maximumEdits) {
            let position = bytes.isEmpty ? 0 : random.int(0...bytes.count)
            let inside = position < bytes.count
            switch random.int(0...8) {
            case 0 where inside: bytes[position] = random.byte()
            case 1: bytes.insert(random.byte(), at: position)
            case 2 where inside: bytes.removeSubrange(position..<min(bytes.count, position + random.int(1...8)))
            case 3 where !tokens.isEmpty, 4 where !tokens.isEmpty: bytes.insert(contentsOf: random.pick(tokens), at: position)
            case 5 where inside:  // duplicate a run, as repeated fields and nested brackets do
                let end = min(bytes.count, position + random.int(1...32))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 6 where inside && !tokens.isEmpty:  // replace a run with a token
                let end = min(bytes.count, position + random.int(1...6))
                bytes.replaceSubrange(position..<end, with: random.pick(tokens))
            case 7 where inside:  // swap two bytes
                let other = random.int(0...(bytes.count - 1))
                bytes.swapAt(position, other)
            case 8: bytes = Array(bytes.prefix(position))
            default: break
            }
        }
        return bytes
    }

    /// A mutation of `text` that is still a `String` (invalid UTF-8 repaired), for APIs that take
    /// text rather than bytes.
    public func mutate(_ text: String, using random: inout FuzzRandom) -> String {
        String(decoding: mutate(Array(text.utf8), using: &random), as: UTF8.self)
    }
}
