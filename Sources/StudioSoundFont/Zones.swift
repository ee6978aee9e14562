/// Presets and instruments as lists of zones, with each global zone folded into its local
/// zones once at load time.
///
/// A zone is a key × velocity rectangle with generator values. Folding the global zone in at
/// load (local values win, §9.4) means a note-on only has to filter rectangles and add the
/// preset level to the instrument level; nothing about the zone structure is re-derived per
/// note.
struct InstrumentZone: Sendable {
    /// Local values over the instrument's global zone; `sampleID` itself is not in the set.
    let generators: GeneratorSet
    let sampleIndex: Int
    let modulators: [SoundFontModulator]
    let keys: (low: Int, high: Int)
    let velocities: (low: Int, high: Int)

    func contains(key: Int, velocity: Int) -> Bool {
        keys.low <= key && key <= keys.high && velocities.low <= velocity && velocity <= velocities.high
    }
}

struct Instrument: Sendable {
    let name: String
    let zones: [InstrumentZone]
}

struct PresetZone: Sendable {
    /// Local values over the preset's global zone, keeping only the generators that add to
    /// the instrument level; the rest are not allowed in presets and are dropped here.
    let generators: GeneratorSet
    let instrumentIndex: Int
    let modulators: [SoundFontModulator]
    let keys: (low: Int, high: Int)
    let velocities: (low: Int, high: Int)

    func contains(key: Int, velocity: Int) -> Bool {
        keys.low <= key && key <= keys.high && velocities.low <= velocity && velocity <= velocities.high
    }
}

struct Preset: Sendable {
    let header: SoundFontPreset
    let zones: [PresetZone]
}

enum ZoneBuilder {
    /// A zone as the file has it, before the global zone is folded in.
    private struct RawZone {
        var generators = GeneratorSet()
        /// The value of the zone's terminal generator (`instrument` or `sampleID`), if any.
        var target: Int?
        var modulators: [SoundFontModulator] = []
    }

    static func instruments(_ tables: PresetDataTables) throws -> [Instrument] {
        let headers = tables.instrumentHeaders
        return try (0..<(headers.count - 1)).map { index in
            let name = headers[index].name
            let (global, locals) = zones(
                bags: headers[index].bagIndex..<headers[index + 1].bagIndex,
                bagTable: tables.instrumentBags, generators: tables.instrumentGenerators,
                modulators: tables.instrumentModulators, terminal: .sampleID)
            return Instrument(name: name, zones: try locals.enumerated().map { number, zone in
                let sampleIndex = zone.target ?? 0
                guard sampleIndex < tables.samples.count else {
                    throw SoundFontError(
                        chunk: "pdta/igen",
                        "instrument \(index) '\(name)' zone \(number) uses sample \(sampleIndex), "
                            + "but shdr holds \(tables.samples.count) samples")
                }
                let generators = zone.generators.overriding(global.generators)
                return InstrumentZone(
                    generators: generators, sampleIndex: sampleIndex,
                    modulators: SoundFontModulator.merged(
                        global: global.modulators, local: zone.modulators),
                    keys: generators.range(.keyRange), velocities: generators.range(.velRange))
            })
        }
    }

    static func presets(_ tables: PresetDataTables, instrumentCount: Int) throws -> [Preset] {
        let headers = tables.presetHeaders
        return try (0..<(headers.count - 1)).map { index in
            let header = headers[index]
            let (global, locals) = zones(
                bags: header.bagIndex..<headers[index + 1].bagIndex,
                bagTable: tables.presetBags, generators: tables.presetGenerators,
                modulators: tables.presetModulators, terminal: .instrument)
            let zones = try locals.enumerated().map { number, zone in
                let instrumentIndex = zone.target ?? 0
                guard instrumentIndex < instrumentCount else {
                    throw SoundFontError(
                        chunk: "pdta/pgen",
                        "preset \(index) '\(header.name)' zone \(number) uses instrument "
                            + "\(instrumentIndex), but inst holds \(instrumentCount) instruments")
                }
                let merged = zone.generators.overriding(global.generators)
                return PresetZone(
                    generators: merged.filtered(\.isAdditiveAtPresetLevel),
                    instrumentIndex: instrumentIndex,
                    modulators: SoundFontModulator.merged(
                        global: global.modulators, local: zone.modulators),
                    keys: merged.range(.keyRange), velocities: merged.range(.velRange))
            }
            return Preset(
                header: SoundFontPreset(name: header.name, bank: header.bank, program: header.program),
                zones: zones)
        }
    }

    /// Splits one preset's or instrument's bags into its global zone and its local zones.
    ///
    /// §7.3/§7.7: a zone ends with its terminal generator and anything after it is ignored;
    /// only the first zone may lack one, which makes it the global zone; any later zone
    /// without one is ignored. A repeated generator keeps its last value. Generators the
    /// reader does not know, and the other level's terminal generator, are skipped. The key
    /// and velocity ranges are accepted wherever they appear in the list, although the spec
    /// asks writers to put them first: refusing them elsewhere would only lose notes.
    private static func zones(
        bags: Range<Int>, bagTable: [PresetDataTables.Bag],
        generators: [PresetDataTables.Generator], modulators: [SoundFontModulator],
        terminal: SoundFontGenerator
    ) -> (global: RawZone, locals: [RawZone]) {
        let otherTerminal: SoundFontGenerator = terminal == .sampleID ? .instrument : .sampleID
        var global = RawZone()
        var locals: [RawZone] = []
        for bag in bags {
            var zone = RawZone()
            let generatorRange = bagTable[bag].generatorIndex..<bagTable[bag + 1].generatorIndex
            for record in generators[generatorRange] {
                guard let generator = SoundFontGenerator(rawValue: record.operation),
                      generator != otherTerminal else { continue }
                if generator == terminal {
                    zone.target = Int(record.amount)
                    break
                }
                zone.generators[generator] = record.amount
            }
            let modulatorRange = bagTable[bag].modulatorIndex..<bagTable[bag + 1].modulatorIndex
            zone.modulators = Array(modulators[modulatorRange])
            if zone.target != nil {
                locals.append(zone)
            } else if bag == bags.lowerBound {
                global = zone
            }
        }
        return (global, locals)
    }
}
