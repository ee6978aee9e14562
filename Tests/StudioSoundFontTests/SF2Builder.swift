import StudioSoundFont

/// A SoundFont described as data and written as a RIFF tree, so tests can build exactly the
/// font a case needs, including fonts that break one rule on purpose.
struct SF2Builder {
    struct Generator {
        let operation: UInt16
        let amount: UInt16

        static func set(_ generator: SoundFontGenerator, _ value: Int) -> Generator {
            Generator(operation: generator.rawValue, amount: UInt16(bitPattern: Int16(value)))
        }
        static func range(_ generator: SoundFontGenerator, _ low: UInt8, _ high: UInt8) -> Generator {
            Generator(operation: generator.rawValue, amount: UInt16(low) | UInt16(high) << 8)
        }
        static func raw(_ operation: UInt16, _ amount: UInt16) -> Generator {
            Generator(operation: operation, amount: amount)
        }
    }

    struct Zone {
        var generators: [Generator] = []
        var modulators: [SoundFontModulator] = []
        /// The instrument (in a preset) or sample (in an instrument) the zone plays, written as
        /// the last generator; nil makes a global zone (first) or an ignored zone (later).
        var target: Int?
        /// Generators written after the terminal one, which the reader must ignore.
        var trailing: [Generator] = []
    }

    struct Preset {
        var name: String
        var bank: UInt16
        var program: UInt16
        var zones: [Zone]
    }

    struct Instrument {
        var name: String
        var zones: [Zone]
    }

    struct Sample {
        var name: String
        var start: UInt32, end: UInt32, loopStart: UInt32, loopEnd: UInt32
        var sampleRate: UInt32
        var originalPitch: UInt8
        var pitchCorrection: Int8
        var link: UInt16
        var type: UInt16
    }

    var info: [(String, [UInt8])] = []
    var sampleData: [Int16] = []
    var presets: [Preset] = []
    var instruments: [Instrument] = []
    var samples: [Sample] = []

    func tree() -> RIFFNode {
        var smpl: [UInt8] = []
        smpl.reserveCapacity(sampleData.count * 2)
        for point in sampleData { smpl += i16(point) }
        return .list("sfbk", [
            .list("INFO", info.map { RIFFNode.chunk($0.0, $0.1) }),
            .list("sdta", [.chunk("smpl", smpl)]),
            .list("pdta", presetData()),
        ])
    }

    func serialized() -> SerializedRIFF { RIFFWriter.serialize(tree()) }

    private func presetData() -> [RIFFNode] {
        var phdr: [UInt8] = [], pbag: [UInt8] = [], pmod: [UInt8] = [], pgen: [UInt8] = []
        var bagCount = 0, generatorCount = 0, modulatorCount = 0
        func writeZones(_ zones: [Zone], terminal: SoundFontGenerator, bags: inout [UInt8],
                        mods: inout [UInt8], gens: inout [UInt8]) {
            for zone in zones {
                bags += u16(UInt16(generatorCount)) + u16(UInt16(modulatorCount))
                bagCount += 1
                var list = zone.generators
                if let target = zone.target {
                    list.append(.raw(terminal.rawValue, UInt16(target)))
                    list += zone.trailing
                }
                for generator in list { gens += u16(generator.operation) + u16(generator.amount) }
                generatorCount += list.count
                for m in zone.modulators {
                    mods += u16(m.source) + u16(m.destination) + i16(m.amount)
                        + u16(m.amountSource) + u16(m.transform)
                }
                modulatorCount += zone.modulators.count
            }
        }
        for preset in presets {
            phdr += nameField(preset.name) + u16(preset.program) + u16(preset.bank)
                + u16(UInt16(bagCount)) + u32(0) + u32(0) + u32(0)
            writeZones(preset.zones, terminal: .instrument, bags: &pbag, mods: &pmod, gens: &pgen)
        }
        phdr += nameField("EOP") + u16(0) + u16(0) + u16(UInt16(bagCount)) + u32(0) + u32(0) + u32(0)
        pbag += u16(UInt16(generatorCount)) + u16(UInt16(modulatorCount))
        pmod += [UInt8](repeating: 0, count: 10)
        pgen += [UInt8](repeating: 0, count: 4)

        var inst: [UInt8] = [], ibag: [UInt8] = [], imod: [UInt8] = [], igen: [UInt8] = []
        bagCount = 0; generatorCount = 0; modulatorCount = 0
        for instrument in instruments {
            inst += nameField(instrument.name) + u16(UInt16(bagCount))
            writeZones(instrument.zones, terminal: .sampleID, bags: &ibag, mods: &imod, gens: &igen)
        }
        inst += nameField("EOI") + u16(UInt16(bagCount))
        ibag += u16(UInt16(generatorCount)) + u16(UInt16(modulatorCount))
        imod += [UInt8](repeating: 0, count: 10)
        igen += [UInt8](repeating: 0, count: 4)

        var shdr: [UInt8] = []
        for s in samples {
            shdr += nameField(s.name) + u32(s.start) + u32(s.end) + u32(s.loopStart) + u32(s.loopEnd)
                + u32(s.sampleRate) + [s.originalPitch, UInt8(bitPattern: s.pitchCorrection)]
                + u16(s.link) + u16(s.type)
        }
        shdr += nameField("EOS") + [UInt8](repeating: 0, count: 26)

        return [
            .chunk("phdr", phdr), .chunk("pbag", pbag), .chunk("pmod", pmod), .chunk("pgen", pgen),
            .chunk("inst", inst), .chunk("ibag", ibag), .chunk("imod", imod), .chunk("igen", igen),
            .chunk("shdr", shdr),
        ]
    }
}
