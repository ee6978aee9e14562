/// One chunk of the RIFF tree: where its data lies in the file and what to call it in errors.
///
/// The walker only finds boundaries; it never copies data. Each chunk carries its `path`
/// ("pdta/shdr") so that every later check can name the chunk it is checking.
struct RIFFChunk {
    let id: String
    let path: String
    /// Offset of the 8-byte header in the file.
    let headerOffset: Int
    /// The chunk's data, after the header and never past its parent's end.
    let data: Range<Int>
    /// The size field claimed more than its parent holds. Only a LIST can come back cut
    /// short (see `walk`); a leaf chunk that overruns is an error straight away.
    let declaredSize: Int

    var isCutShort: Bool { data.count < declaredSize }
}

enum RIFFWalker {
    /// Splits `range` into the chunks it contains.
    ///
    /// - `parentPath` names the range in errors about stray bytes.
    /// - `pathOf(id, headerOffset)` names a child (the top level uses the LIST type).
    /// - `allowCutShortLists`: a LIST that claims more bytes than remain is returned cut
    ///   short instead of failing, so the caller can walk into it and report the innermost
    ///   chunk that a truncation cut through ("pdta/shdr" rather than just "pdta").
    ///
    /// Odd-sized chunks are followed by a pad byte that the size does not count; a missing
    /// pad byte at the very end of the parent is tolerated.
    static func walk(
        _ range: Range<Int>, in reader: ByteReader, parentPath: String,
        allowCutShortLists: Bool = false,
        pathOf: (String, Int) -> String
    ) throws -> [RIFFChunk] {
        var chunks: [RIFFChunk] = []
        var offset = range.lowerBound
        while offset < range.upperBound {
            let remaining = range.upperBound - offset
            if remaining < 8 {
                if remaining < 4 {
                    throw SoundFontError(
                        chunk: parentPath,
                        "\(remaining) stray byte(s) at offset \(offset) where a chunk header "
                            + "was expected (file truncated?)")
                }
                let id = reader.fourCC(offset)
                throw SoundFontError(
                    chunk: pathOf(id, offset),
                    "chunk header at offset \(offset) is cut short: \(remaining) of 8 bytes "
                        + "(file truncated?)")
            }
            let id = reader.fourCC(offset)
            let declared = Int(reader.u32(offset + 4))
            let path = pathOf(id, offset)
            let dataStart = offset + 8
            let available = range.upperBound - dataStart
            if declared > available && !(allowCutShortLists && id == "LIST") {
                throw SoundFontError(
                    chunk: path,
                    "chunk at offset \(offset) declares \(declared) bytes but only \(available) "
                        + "remain in '\(parentPath)' (file truncated or size corrupted)")
            }
            let end = dataStart + min(declared, available)
            chunks.append(RIFFChunk(
                id: id, path: path, headerOffset: offset, data: dataStart..<end,
                declaredSize: declared))
            offset = end + (declared & 1)
        }
        return chunks
    }
}
