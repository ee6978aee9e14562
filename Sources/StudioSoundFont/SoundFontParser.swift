/// The file-level structure: `RIFF sfbk` holding the `INFO`, `sdta` and `pdta` lists (§4).
///
/// Parsing goes in two passes so that errors name the most useful chunk:
/// 1. structure: walk the RIFF tree down to every sub-chunk. A truncated file is reported at
///    the innermost chunk the cut went through ("pdta/shdr: chunk … declares 65274 bytes
///    but only …"), and only if the cut fell between chunks, as the RIFF size mismatch;
/// 2. content: read INFO, locate the sample data, read and cross-check the pdta tables.
/// Nothing is copied from the sample data; the pdta tables (a few hundred KB even for a GM
/// font) are read into arrays.
struct ParsedSoundFont {
    let info: SoundFontInfo
    /// Byte range of the 16-bit sample points in the file.
    let sampleBytes: Range<Int>
    /// An `sm24` chunk was present. Its extra 8 bits per sample are ignored: the player
    /// works from the 16-bit data, which every SoundFont 2.04 reader must be able to do.
    let has24BitExtension: Bool
    /// Byte range of the whole `pdta` list, for the fingerprint.
    let presetDataBytes: Range<Int>
    let samples: [SoundFontSample]
    let instruments: [Instrument]
    let presets: [Preset]
}

enum SoundFontParser {
    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> ParsedSoundFont {
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 12 else {
            throw SoundFontError(
                chunk: "RIFF", "file is \(bytes.count) bytes, shorter than the 12-byte RIFF header")
        }
        guard reader.fourCC(0) == "RIFF" else {
            throw SoundFontError(chunk: "RIFF", "not a RIFF file (starts with '\(reader.fourCC(0))')")
        }
        guard reader.fourCC(8) == "sfbk" else {
            throw SoundFontError(
                chunk: "RIFF", "form type '\(reader.fourCC(8))' is not 'sfbk': not a SoundFont")
        }
        let declared = Int(reader.u32(4))
        guard declared >= 4 else {
            throw SoundFontError(chunk: "RIFF", "declares \(declared) bytes, too few for its form type")
        }
        let end = 8 + min(declared, bytes.count - 8)

        // Pass 1: structure.
        let top = try RIFFWalker.walk(
            12..<end, in: reader, parentPath: "RIFF", allowCutShortLists: true,
            pathOf: { id, offset in
                guard id == "LIST" else { return "RIFF/\(id)" }
                return offset + 12 <= end ? reader.fourCC(offset + 8) : "RIFF"
            })
        var lists: [String: (list: RIFFChunk, children: [RIFFChunk])] = [:]
        for chunk in top where chunk.id == "LIST" {
            guard chunk.data.count >= 4 else {
                throw SoundFontError(
                    chunk: chunk.path,
                    "LIST chunk at offset \(chunk.headerOffset) is too short to hold its list type")
            }
            let type = chunk.path
            let children = try RIFFWalker.walk(
                chunk.data.dropFirst(4), in: reader, parentPath: type,
                pathOf: { id, _ in "\(type)/\(id)" })
            if chunk.isCutShort {
                throw SoundFontError(
                    chunk: type,
                    "LIST declares \(chunk.declaredSize) bytes but the file ends after "
                        + "\(chunk.data.count) (file truncated)")
            }
            if lists[type] == nil { lists[type] = (chunk, children) } // the first one counts
        }
        if declared > bytes.count - 8 {
            throw SoundFontError(
                chunk: "RIFF",
                "header declares \(declared + 8) bytes but the file holds \(bytes.count) "
                    + "(file truncated)")
        }
        guard let infoList = lists["INFO"] else {
            throw SoundFontError(chunk: "INFO", "missing LIST INFO chunk")
        }
        guard let sampleList = lists["sdta"] else {
            throw SoundFontError(chunk: "sdta", "missing LIST sdta chunk")
        }
        guard let presetList = lists["pdta"] else {
            throw SoundFontError(chunk: "pdta", "missing LIST pdta chunk")
        }

        // Pass 2: content.
        let info = try SoundFontInfo.parse(infoList.children, reader: reader)

        // A font whose samples all live in ROM may have no smpl chunk: zero samples then.
        var sampleBytes = 0..<0
        if let smpl = sampleList.children.first(where: { $0.id == "smpl" }) {
            guard smpl.data.count % 2 == 0 else {
                throw SoundFontError(
                    chunk: smpl.path, "size \(smpl.data.count) is odd; samples are 16-bit")
            }
            // RIFF pads chunks to even sizes, so 16-bit data always starts at an even offset
            // in a well-formed file; an odd one could not be read in place as Int16.
            guard smpl.data.lowerBound % 2 == 0 else {
                throw SoundFontError(
                    chunk: smpl.path,
                    "data starts at odd offset \(smpl.data.lowerBound): an earlier chunk is not "
                        + "padded to an even size")
            }
            sampleBytes = smpl.data
        }
        let hasSM24 = sampleList.children.contains { $0.id == "sm24" }

        let tables = try PresetDataTables.parse(
            presetList.children, reader: reader, sampleCount: sampleBytes.count / 2)
        let instruments = try ZoneBuilder.instruments(tables)
        let presets = try ZoneBuilder.presets(tables, instrumentCount: instruments.count)
        return ParsedSoundFont(
            info: info, sampleBytes: sampleBytes, has24BitExtension: hasSM24,
            presetDataBytes: presetList.list.data, samples: tables.samples,
            instruments: instruments, presets: presets)
    }
}
