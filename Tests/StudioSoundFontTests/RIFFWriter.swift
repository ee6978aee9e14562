/// A minimal RIFF writer for building SoundFont files in tests.
///
/// The tree form (rather than writing bytes directly) lets a test corrupt one chunk's data
/// (drop a terminal record, add a stray byte, remove a chunk) and still get a file whose
/// other chunks are well formed, so the reader is shown to catch that one fault by itself.
indirect enum RIFFNode {
    case chunk(String, [UInt8])
    case list(String, [RIFFNode])

    /// Chunks are addressed by path, like the reader's error messages: "pdta/shdr", "INFO".
    func replacingData(at path: String, _ change: ([UInt8]) -> [UInt8]) -> RIFFNode {
        rewriting(path, prefix: "") { node in
            guard case .chunk(let id, let data) = node else { return node }
            return .chunk(id, change(data))
        }
    }

    func removing(_ path: String) -> RIFFNode {
        rewriting(path, prefix: "") { _ in nil }
    }

    private func rewriting(
        _ path: String, prefix: String, _ change: (RIFFNode) -> RIFFNode?
    ) -> RIFFNode {
        guard case .list(let type, let children) = self else { return self }
        let rewritten = children.compactMap { child -> RIFFNode? in
            let childPath = prefix.isEmpty ? child.name : "\(prefix)/\(child.name)"
            if childPath == path { return change(child) }
            return child.rewriting(path, prefix: childPath, change)
        }
        return .list(type, rewritten)
    }

    var name: String {
        switch self {
        case .chunk(let id, _): id
        case .list(let type, _): type
        }
    }
}

/// A serialized file and where each chunk's header and data landed in it.
struct SerializedRIFF {
    var bytes: [UInt8]
    /// Path → offset of the chunk's 8-byte header ("RIFF" for the file header itself).
    var headerOffsets: [String: Int]
    /// Path → range of the chunk's data (after a LIST's type).
    var dataRanges: [String: Range<Int>]
}

enum RIFFWriter {
    /// `root` must be a list; it becomes the `RIFF` chunk with its type as the form type.
    static func serialize(_ root: RIFFNode) -> SerializedRIFF {
        var out = SerializedRIFF(bytes: [], headerOffsets: [:], dataRanges: [:])
        write(root, path: "RIFF", topLevel: true, into: &out)
        return out
    }

    private static func write(_ node: RIFFNode, path: String, topLevel: Bool, into out: inout SerializedRIFF) {
        let headerOffset = out.bytes.count
        out.headerOffsets[path] = headerOffset
        switch node {
        case .chunk(let id, let data):
            out.bytes += fourCC(id) + u32(UInt32(data.count))
            out.dataRanges[path] = out.bytes.count..<(out.bytes.count + data.count)
            out.bytes += data
            if data.count % 2 == 1 { out.bytes.append(0) }
        case .list(let type, let children):
            out.bytes += fourCC(topLevel ? "RIFF" : "LIST") + u32(0) + fourCC(type)
            let dataStart = out.bytes.count
            for child in children {
                let childPath = topLevel ? child.name : "\(path)/\(child.name)"
                write(child, path: childPath, topLevel: false, into: &out)
            }
            out.dataRanges[path] = dataStart..<out.bytes.count
            let size = UInt32(out.bytes.count - headerOffset - 8)
            out.bytes.replaceSubrange((headerOffset + 4)..<(headerOffset + 8), with: u32(size))
        }
    }

    static func fourCC(_ id: String) -> [UInt8] { Array(id.utf8.prefix(4)) }
}

func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
func i16(_ value: Int16) -> [UInt8] { u16(UInt16(bitPattern: value)) }
func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) } }

/// A NUL-padded fixed-size name field, as in phdr, inst and shdr.
func nameField(_ name: String, size: Int = 20) -> [UInt8] {
    let bytes = Array(name.utf8.prefix(size - 1))
    return bytes + [UInt8](repeating: 0, count: size - bytes.count)
}

/// A NUL-terminated INFO string.
func zstring(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }
