/// The INFO list: what the font calls itself and who made it.
///
/// Only `ifil` decides anything (a version-3 file holds compressed samples this reader cannot
/// play, a version-1 file has a different layout), so only `ifil` is strict. The text fields
/// are for people; a missing or empty one becomes `nil` (or the spec's stated default) rather
/// than a reason to refuse a font that would play perfectly well.
public struct SoundFontInfo: Sendable, Equatable {
    public struct Version: Sendable, Equatable, CustomStringConvertible {
        public let major: Int
        public let minor: Int
        public var description: String { "\(major).\(minor)" }
    }

    /// `ifil`: the SoundFont specification version the file follows (2.01, 2.04, …).
    public let version: Version
    /// `isng`: the sound engine the font was voiced for; "EMU8000" when absent, as the spec says.
    public let soundEngine: String
    /// `INAM`: the font's name ("" if the mandatory chunk is missing).
    public let name: String
    /// `irom` and `iver`: the sound ROM that ROM samples refer to, if any.
    public let romName: String?
    public let romVersion: Version?
    /// `ICRD`, `IENG`, `IPRD`: creation date, engineers, intended product.
    public let creationDate: String?
    public let engineers: String?
    public let product: String?
    /// `ICOP`, `ICMT`, `ISFT`: copyright, comment, and the tools that wrote the file.
    public let copyright: String?
    public let comment: String?
    public let software: String?
}

extension SoundFontInfo {
    /// Reads the sub-chunks of the INFO list. Unknown sub-chunks are skipped: RIFF readers
    /// must tolerate chunks they do not know.
    static func parse(_ chunks: [RIFFChunk], reader: ByteReader) throws -> SoundFontInfo {

        func first(_ id: String) -> RIFFChunk? { chunks.first { $0.id == id } }
        func text(_ id: String) -> String? {
            guard let chunk = first(id) else { return nil }
            let value = reader.text(chunk.data.lowerBound, maxLength: chunk.data.count)
            return value.isEmpty ? nil : value
        }
        func version(_ chunk: RIFFChunk) throws -> Version {
            guard chunk.data.count == 4 else {
                throw SoundFontError(
                    chunk: chunk.path, "size \(chunk.data.count), expected 4 (two 16-bit words)")
            }
            let start = chunk.data.lowerBound
            return Version(major: Int(reader.u16(start)), minor: Int(reader.u16(start + 2)))
        }

        guard let ifil = first("ifil") else {
            throw SoundFontError(chunk: "INFO/ifil", "missing; every SoundFont 2 file has one")
        }
        let fileVersion = try version(ifil)
        guard fileVersion.major == 2 else {
            let why = fileVersion.major == 3
                ? "SoundFont 3 (compressed samples) is not supported"
                : "only SoundFont 2.x is supported"
            throw SoundFontError(chunk: "INFO/ifil", "version \(fileVersion): \(why)")
        }
        return SoundFontInfo(
            version: fileVersion,
            soundEngine: text("isng") ?? "EMU8000",
            name: text("INAM") ?? "",
            romName: text("irom"),
            romVersion: try first("iver").map(version),
            creationDate: text("ICRD"),
            engineers: text("IENG"),
            product: text("IPRD"),
            copyright: text("ICOP"),
            comment: text("ICMT"),
            software: text("ISFT"))
    }
}
