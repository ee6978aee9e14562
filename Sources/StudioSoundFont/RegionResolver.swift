/// Combining one preset zone with one instrument zone into a `SoundFontRegion` for a note.
///
/// The rules are those of §9.4: the instrument zone's values (local over global) are
/// absolute, with the spec's defaults where neither zone sets a generator; the preset zone's
/// values (local over global) are offsets added to them, for the additive generators only;
/// key and velocity ranges intersect. The sums are clamped to the spec's ranges.
extension SoundFontRegion {
    /// `key` is the played key; both zones must contain the note.
    init(
        preset: Preset, presetZone: PresetZone, instrument: Instrument,
        zone: InstrumentZone, sample: SoundFontSample, key: Int
    ) {
        var values = [Int](repeating: 0, count: SoundFontGenerator.tableSize)
        for generator in SoundFontGenerator.allCases {
            var value = zone.generators.signed(generator) ?? generator.defaultValue
            if generator.isAdditiveAtPresetLevel, let offset = presetZone.generators.signed(generator) {
                value += offset
            }
            if let range = generator.range {
                value = min(max(value, range.lowerBound), range.upperBound)
            }
            values[Int(generator.rawValue)] = value
        }
        func value(_ generator: SoundFontGenerator) -> Int { values[Int(generator.rawValue)] }

        func intersection(_ a: (low: Int, high: Int), _ b: (low: Int, high: Int)) -> ClosedRange<Int> {
            let low = max(a.low, b.low)
            return low...max(low, min(a.high, b.high))
        }
        let keys = intersection(zone.keys, presetZone.keys)
        let velocities = intersection(zone.velocities, presetZone.velocities)
        values[Int(SoundFontGenerator.keyRange.rawValue)] = keys.lowerBound | keys.upperBound << 8
        values[Int(SoundFontGenerator.velRange.rawValue)] =
            velocities.lowerBound | velocities.upperBound << 8
        values[Int(SoundFontGenerator.sampleID.rawValue)] = zone.sampleIndex
        values[Int(SoundFontGenerator.instrument.rawValue)] = presetZone.instrumentIndex

        func midiValue(_ generator: SoundFontGenerator) -> Int? {
            let raw = value(generator)
            return (0...127).contains(raw) ? raw : nil // −1 (or anything else) means "not set"
        }
        let fixedKey = midiValue(.keynum)
        let envelopeKey = fixedKey ?? key

        // Address offsets: fine offset plus 32768 × coarse offset, added to the header's
        // positions, then kept inside the sample and in order.
        func address(_ base: Int, _ fine: SoundFontGenerator, _ coarse: SoundFontGenerator) -> Int {
            base + value(fine) + 32768 * value(coarse)
        }
        func clamp(_ x: Int, _ low: Int, _ high: Int) -> Int { min(max(x, low), high) }
        let start = clamp(
            address(sample.start, .startAddrsOffset, .startAddrsCoarseOffset), sample.start, sample.end)
        let end = clamp(
            address(sample.end, .endAddrsOffset, .endAddrsCoarseOffset), start, sample.end)
        let loopStart = clamp(
            address(sample.loopStart, .startloopAddrsOffset, .startloopAddrsCoarseOffset), start, end)
        let loopEnd = clamp(
            address(sample.loopEnd, .endloopAddrsOffset, .endloopAddrsCoarseOffset), loopStart, end)
        var loopMode: SoundFontLoopMode = switch value(.sampleModes) {
        case 1: .loopContinuously
        case 3: .loopUntilRelease
        default: .noLoop
        }
        if loopStart >= loopEnd { loopMode = .noLoop }

        func seconds(_ generator: SoundFontGenerator) -> Double {
            SoundFontUnits.seconds(timecents: value(generator))
        }
        // Hold and decay shorten as keys rise: "the degree, in timecents per key number, to
        // which the time is decreased by increasing key number", unchanged at key 60. The
        // scaled time is clamped to the same range as the unscaled one.
        func keyScaled(_ time: SoundFontGenerator, by scaling: SoundFontGenerator) -> Double {
            var timecents = value(time) + value(scaling) * (60 - envelopeKey)
            if let range = time.range {
                timecents = min(max(timecents, range.lowerBound), range.upperBound)
            }
            return SoundFontUnits.seconds(timecents: timecents)
        }

        self.init(
            presetName: preset.header.name,
            instrumentName: instrument.name,
            sampleIndex: zone.sampleIndex,
            sample: sample,
            keyRange: keys,
            velocityRange: velocities,
            fixedKey: fixedKey,
            fixedVelocity: midiValue(.velocity),
            rootKey: midiValue(.overridingRootKey) ?? sample.rootKey,
            coarseTune: value(.coarseTune),
            fineTune: value(.fineTune),
            scaleTuning: value(.scaleTuning),
            start: start, end: end, loopStart: loopStart, loopEnd: loopEnd,
            loopMode: loopMode,
            pan: Double(value(.pan)) / 500,
            initialAttenuation: Double(value(.initialAttenuation)),
            volumeEnvelope: SoundFontVolumeEnvelope(
                delay: seconds(.delayVolEnv),
                attack: seconds(.attackVolEnv),
                hold: keyScaled(.holdVolEnv, by: .keynumToVolEnvHold),
                decay: keyScaled(.decayVolEnv, by: .keynumToVolEnvDecay),
                sustain: Double(value(.sustainVolEnv)),
                release: seconds(.releaseVolEnv)),
            modulationEnvelope: SoundFontModulationEnvelope(
                delay: seconds(.delayModEnv),
                attack: seconds(.attackModEnv),
                hold: keyScaled(.holdModEnv, by: .keynumToModEnvHold),
                decay: keyScaled(.decayModEnv, by: .keynumToModEnvDecay),
                sustainLevel: 1 - Double(value(.sustainModEnv)) / 1000,
                release: seconds(.releaseModEnv),
                toPitch: value(.modEnvToPitch),
                toFilterCutoff: value(.modEnvToFilterFc)),
            modulationLFO: SoundFontLFO(
                delay: seconds(.delayModLFO),
                frequency: SoundFontUnits.hertz(absoluteCents: value(.freqModLFO)),
                toPitch: value(.modLfoToPitch),
                toFilterCutoff: value(.modLfoToFilterFc),
                toVolume: value(.modLfoToVolume)),
            vibratoLFO: SoundFontLFO(
                delay: seconds(.delayVibLFO),
                frequency: SoundFontUnits.hertz(absoluteCents: value(.freqVibLFO)),
                toPitch: value(.vibLfoToPitch),
                toFilterCutoff: 0,
                toVolume: 0),
            filterCutoff: SoundFontUnits.hertz(absoluteCents: value(.initialFilterFc)),
            filterQ: Double(value(.initialFilterQ)),
            exclusiveClass: value(.exclusiveClass),
            reverbSend: Double(value(.reverbEffectsSend)) / 1000,
            chorusSend: Double(value(.chorusEffectsSend)) / 1000,
            generators: SoundFontGeneratorValues(values: values),
            instrumentModulators: zone.modulators,
            presetModulators: presetZone.modulators)
    }
}
