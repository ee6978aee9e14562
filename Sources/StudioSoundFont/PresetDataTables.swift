/// The nine `pdta` tables (the "hydra", §7), read into arrays and checked for consistency.
///
/// The tables point into each other by index: a preset names its first bag, a bag its first
/// generator and modulator, and each list ends where the next record's begins, which is why
/// every table ends with a terminal record. Every such index is checked here, once, so that
/// zone building can slice the arrays without a bounds check failing on a bad file:
/// - each record size is the spec's (phdr 38, pbag 4, pmod 10, pgen 4, inst 22, ibag 4,
///   imod 10, igen 4, shdr 46) and each table holds at least its terminal record;
/// - the indexes a table holds never decrease;
/// - the terminal record points exactly at the last record of the table it indexes ("the
///   size of the PBAG chunk … will be equal to four times the terminal preset's
///   wPresetBagNdx plus four"), which also catches a table whose terminal record is missing.
struct PresetDataTables {
    /// A `phdr` or `inst` record.
    struct Header {
        let name: String
        let program: Int
        let bank: Int
        let bagIndex: Int
    }

    /// A `pbag` or `ibag` record: where a zone's generators and modulators start.
    struct Bag {
        let generatorIndex: Int
        let modulatorIndex: Int
    }

    /// A `pgen` or `igen` record, undecoded: the amount's meaning depends on the operator.
    struct Generator {
        let operation: UInt16
        let amount: UInt16
    }

    /// Headers and bags include their terminal records; generators and modulators too, so
    /// that slicing by the next bag's index works for the last zone.
    let presetHeaders: [Header]
    let presetBags: [Bag]
    let presetModulators: [SoundFontModulator]
    let presetGenerators: [Generator]
    let instrumentHeaders: [Header]
    let instrumentBags: [Bag]
    let instrumentModulators: [SoundFontModulator]
    let instrumentGenerators: [Generator]
    /// Without the terminal "EOS" record.
    let samples: [SoundFontSample]

    static func parse(
        _ chunks: [RIFFChunk], reader: ByteReader, sampleCount: Int
    ) throws -> PresetDataTables {
        func records(_ id: String, size: Int) throws -> (chunk: RIFFChunk, count: Int) {
            guard let chunk = chunks.first(where: { $0.id == id }) else {
                throw SoundFontError(chunk: "pdta/\(id)", "missing; every SoundFont has one")
            }
            let bytes = chunk.data.count
            guard bytes % size == 0 else {
                throw SoundFontError(
                    chunk: chunk.path,
                    "size \(bytes) is not a multiple of the \(size)-byte record "
                        + "(\(bytes / size) records and \(bytes % size) bytes over)")
            }
            guard bytes > 0 else {
                throw SoundFontError(
                    chunk: chunk.path, "empty; even an empty table holds its terminal record")
            }
            return (chunk, bytes / size)
        }

        func headers(_ id: String, size: Int, hasBank: Bool) throws -> [Header] {
            let (chunk, count) = try records(id, size: size)
            return (0..<count).map { i in
                let at = chunk.data.lowerBound + i * size
                return Header(
                    name: reader.text(at, maxLength: 20),
                    program: hasBank ? Int(reader.u16(at + 20)) : 0,
                    bank: hasBank ? Int(reader.u16(at + 22)) : 0,
                    bagIndex: Int(reader.u16(at + (hasBank ? 24 : 20))))
            }
        }
        func bags(_ id: String) throws -> [Bag] {
            let (chunk, count) = try records(id, size: 4)
            return (0..<count).map { i in
                let at = chunk.data.lowerBound + i * 4
                return Bag(generatorIndex: Int(reader.u16(at)), modulatorIndex: Int(reader.u16(at + 2)))
            }
        }
        func modulators(_ id: String) throws -> [SoundFontModulator] {
            let (chunk, count) = try records(id, size: 10)
            return (0..<count).map { i in
                let at = chunk.data.lowerBound + i * 10
                return SoundFontModulator(
                    source: reader.u16(at), destination: reader.u16(at + 2),
                    amount: reader.i16(at + 4), amountSource: reader.u16(at + 6),
                    transform: reader.u16(at + 8))
            }
        }
        func generators(_ id: String) throws -> [Generator] {
            let (chunk, count) = try records(id, size: 4)
            return (0..<count).map { i in
                let at = chunk.data.lowerBound + i * 4
                return Generator(operation: reader.u16(at), amount: reader.u16(at + 2))
            }
        }

        // Read every table first so that a wrong record size is reported for the chunk that
        // has it, before any cross-table check could blame a neighbour.
        let phdr = try headers("phdr", size: 38, hasBank: true)
        let pbag = try bags("pbag")
        let pmod = try modulators("pmod")
        let pgen = try generators("pgen")
        let inst = try headers("inst", size: 22, hasBank: false)
        let ibag = try bags("ibag")
        let imod = try modulators("imod")
        let igen = try generators("igen")
        let (shdr, shdrCount) = try records("shdr", size: SoundFontSample.recordSize)

        try checkIndexes(
            phdr.map(\.bagIndex), names: phdr.map { "'\($0.name)'" },
            owner: "phdr", target: "pbag", targetCount: pbag.count, unit: "bag")
        try checkIndexes(
            pbag.map(\.generatorIndex), names: nil,
            owner: "pbag", target: "pgen", targetCount: pgen.count, unit: "generator")
        try checkIndexes(
            pbag.map(\.modulatorIndex), names: nil,
            owner: "pbag", target: "pmod", targetCount: pmod.count, unit: "modulator")
        try checkIndexes(
            inst.map(\.bagIndex), names: inst.map { "'\($0.name)'" },
            owner: "inst", target: "ibag", targetCount: ibag.count, unit: "bag")
        try checkIndexes(
            ibag.map(\.generatorIndex), names: nil,
            owner: "ibag", target: "igen", targetCount: igen.count, unit: "generator")
        try checkIndexes(
            ibag.map(\.modulatorIndex), names: nil,
            owner: "ibag", target: "imod", targetCount: imod.count, unit: "modulator")

        let samples = try (0..<(shdrCount - 1)).map { i in
            try SoundFontSample.parse(
                record: i, at: shdr.data.lowerBound + i * SoundFontSample.recordSize,
                reader: reader, sampleCount: sampleCount, headerCount: shdrCount - 1)
        }
        return PresetDataTables(
            presetHeaders: phdr, presetBags: pbag, presetModulators: pmod, presetGenerators: pgen,
            instrumentHeaders: inst, instrumentBags: ibag, instrumentModulators: imod,
            instrumentGenerators: igen, samples: samples)
    }

    /// `starts` are the indexes one table (`owner`) holds into another (`target`).
    private static func checkIndexes(
        _ starts: [Int], names: [String]?, owner: String, target: String, targetCount: Int,
        unit: String
    ) throws {
        for i in starts.indices.dropFirst() where starts[i] < starts[i - 1] {
            let name = names.map { " \($0[i])" } ?? ""
            throw SoundFontError(
                chunk: "pdta/\(owner)",
                "record \(i)\(name) starts at \(unit) \(starts[i]), before the previous "
                    + "record's \(starts[i - 1])")
        }
        guard let terminal = starts.last, terminal + 1 == targetCount else {
            let expected = (starts.last ?? 0) + 1
            throw SoundFontError(
                chunk: "pdta/\(target)",
                "has \(targetCount) records, but the terminal \(owner) record points at "
                    + "\(unit) \(expected - 1), so \(expected) are expected (is a terminal "
                    + "record missing?)")
        }
    }
}
