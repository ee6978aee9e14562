#if _endian(big)
// `samples` hands out the file's little-endian 16-bit data in place, without conversion.
#error("StudioSoundFont reads sample data in place and supports little-endian hosts only")
#endif

/// An open SoundFont 2 file: its presets, resolved per note into regions, and its sample data,
/// memory-mapped and never copied.
///
/// Opening parses the INFO and pdta chunks (a few hundred KB) and checks every index and
/// sample bound once, so a player can use what this hands out on the audio thread without
/// further checks. The 16-bit sample data stays in the page cache until voices play it.
///
/// `@unchecked Sendable` because the class holds a raw pointer into its mapping, which the
/// compiler cannot prove safe to share. It is safe: every stored property is a `let` set in
/// `init`, the mapping is read-only (`PROT_READ`) and private, and it is unmapped only in
/// `deinit`, when no other reference, and so no other thread, can be using it. Any number of
/// threads may call `regions` and read `samples` at once.
///
/// Pointers obtained from `samples` are valid only while the `SoundFont` is alive; a player
/// keeps the font referenced for as long as its voices read from it.
public final class SoundFont: @unchecked Sendable {
    /// The path the font was opened from.
    public let path: String
    public let fileSize: Int
    public let info: SoundFontInfo
    /// Every preset in file order (duplicates of a bank/program included, see `regions`).
    public let presets: [SoundFontPreset]
    /// The `shdr` records without the terminal one; `SoundFontRegion.sampleIndex` indexes this.
    public let sampleHeaders: [SoundFontSample]
    /// True if the file has an `sm24` chunk (24-bit extension). It is ignored: `samples`
    /// holds the 16-bit data that every SoundFont 2 player can use.
    public let has24BitExtension: Bool

    private let mapping: MappedFile
    private let sampleBytes: Range<Int>
    private let presetDataBytes: Range<Int>
    private let presetRecords: [Preset]
    private let instruments: [Instrument]
    /// (bank << 16 | program) → index into `presetRecords`; the first of duplicates wins.
    private let presetIndex: [Int: Int]

    /// Maps and parses the file. Every problem with its content is a `SoundFontError` naming
    /// the chunk at fault; nothing in a malformed file can make this trap.
    public static func open(path: String) throws -> SoundFont {
        let mapping = try MappedFile.map(path: path)
        do {
            let parsed = try SoundFontParser.parse(mapping.bytes)
            return SoundFont(path: path, mapping: mapping, parsed: parsed)
        } catch {
            mapping.unmap()
            throw error
        }
    }

    private init(path: String, mapping: MappedFile, parsed: ParsedSoundFont) {
        self.path = path
        self.fileSize = mapping.length
        self.mapping = mapping
        self.info = parsed.info
        self.sampleHeaders = parsed.samples
        self.has24BitExtension = parsed.has24BitExtension
        self.sampleBytes = parsed.sampleBytes
        self.presetDataBytes = parsed.presetDataBytes
        self.presetRecords = parsed.presets
        self.instruments = parsed.instruments
        self.presets = parsed.presets.map(\.header)
        var index: [Int: Int] = [:]
        for (position, preset) in parsed.presets.enumerated() {
            let key = preset.header.bank << 16 | preset.header.program
            if index[key] == nil { index[key] = position }
        }
        self.presetIndex = index
    }

    deinit {
        mapping.unmap()
    }

    /// `INAM`: the font's name.
    public var name: String { info.name }
    /// `ICOP`.
    public var copyright: String? { info.copyright }
    /// `ICMT`.
    public var comment: String? { info.comment }

    /// All 16-bit sample points of the `smpl` chunk, read in place from the mapping.
    /// Sample headers and regions index into this buffer.
    public var samples: UnsafeBufferPointer<Int16> {
        let start = (mapping.base + sampleBytes.lowerBound).assumingMemoryBound(to: Int16.self)
        return UnsafeBufferPointer(start: start, count: sampleBytes.count / 2)
    }

    /// The points a region plays, `region.start..<region.end`, in place.
    public func samples(for region: SoundFontRegion) -> UnsafeBufferPointer<Int16> {
        UnsafeBufferPointer(rebasing: samples[region.start..<region.end])
    }

    /// The preset a bank/program change selects, or nil if the font has none there; whether
    /// to fall back to bank 0 is the player's decision.
    public func preset(bank: Int, program: Int) -> SoundFontPreset? {
        presetIndex[bank << 16 | program].map { presetRecords[$0].header }
    }

    /// The fully resolved regions that sound when `key` is played at `velocity` with the
    /// preset at `bank`/`program`: one per instrument zone that contains the note, under each
    /// preset zone that contains it, in file order. Empty if there is no such preset or no
    /// zone covers the note. Zones whose sample lives in a sound ROM are left out, since the
    /// file holds no data for them.
    public func regions(preset bank: Int, program: Int, key: Int, velocity: Int) -> [SoundFontRegion] {
        guard let position = presetIndex[bank << 16 | program] else { return [] }
        let preset = presetRecords[position]
        var result: [SoundFontRegion] = []
        for presetZone in preset.zones where presetZone.contains(key: key, velocity: velocity) {
            let instrument = instruments[presetZone.instrumentIndex]
            for zone in instrument.zones where zone.contains(key: key, velocity: velocity) {
                let sample = sampleHeaders[zone.sampleIndex]
                guard !sample.isROM else { continue }
                result.append(SoundFontRegion(
                    preset: preset, presetZone: presetZone, instrument: instrument,
                    zone: zone, sample: sample, key: key))
            }
        }
        return result
    }

    /// A change detector for the file (see `SoundFontFingerprint`): file size and FNV-1a
    /// hash, in hex, such as "8d86ae2-0123456789abcdef". Not a security hash. Computed on
    /// each call (it reads every 4096th sample point), so keep the result if it is needed
    /// more than once.
    public var fingerprint: String {
        SoundFontFingerprint.compute(
            fileSize: fileSize,
            presetData: UnsafeRawBufferPointer(rebasing: mapping.bytes[presetDataBytes]),
            samples: samples)
    }

    /// The file size and the hash of the `pdta` list alone: touches no sample data, so a
    /// program that only needs the font's identity (an engine's version) keeps its memory.
    /// Presets, instruments, zones and sample headers are all in `pdta`.
    public var structureFingerprint: String {
        SoundFontFingerprint.compute(
            fileSize: fileSize,
            presetData: UnsafeRawBufferPointer(rebasing: mapping.bytes[presetDataBytes]),
            samples: UnsafeBufferPointer(start: nil, count: 0))
    }
}
