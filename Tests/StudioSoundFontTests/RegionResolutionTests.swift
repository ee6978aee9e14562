import Foundation
import Testing
@testable import StudioSoundFont

/// Reads the built test font (see `TestFont`) and checks every resolved field against values
/// worked out by hand from the spec's rules.
@Suite struct RegionResolutionTests {
    let scratch: ScratchDirectory
    let font: SoundFont

    init() throws {
        scratch = try ScratchDirectory()
        font = try SoundFont.open(path: try scratch.write(TestFont.builder.serialized().bytes))
    }

    /// Equality to 1e-9 relative (for values computed through exp2), or to `tolerance`
    /// absolute (for published reference values).
    func close(_ a: Double, _ b: Double, tolerance: Double? = nil) -> Bool {
        abs(a - b) <= (tolerance ?? 1e-9 * max(1, abs(b)))
    }
    func tc(_ timecents: Double) -> Double { exp2(timecents / 1200) }
    func hz(_ cents: Double) -> Double { 440 * exp2((cents - 6900) / 1200) }

    @Test func readsInfoPresetsAndSampleHeaders() {
        #expect(font.info.version.description == "2.4")
        #expect(font.info.soundEngine == "EMU8000")
        #expect(font.name == "Test Font")
        #expect(font.copyright == "© Music Studio 2026")
        #expect(font.comment == "Built by the tests")
        #expect(font.info.software == "StudioSoundFontTests")
        #expect(font.info.creationDate == nil)
        #expect(!font.has24BitExtension)
        #expect(font.presets.map(\.name) == ["Grand", "Grand Plain", "Pad Kit", "Shadow"])
        #expect(font.presets.map(\.bank) == [0, 0, 128, 0])
        #expect(font.presets.map(\.program) == [0, 1, 0, 1])
        #expect(font.preset(bank: 0, program: 1)?.name == "Grand Plain") // first duplicate wins
        #expect(font.preset(bank: 128, program: 0)?.isPercussion == true)
        #expect(font.preset(bank: 1, program: 0) == nil)
        #expect(font.regions(preset: 1, program: 0, key: 60, velocity: 100).isEmpty)

        #expect(font.sampleHeaders.map(\.name) == ["Looped", "OneShot", "PadL", "PadR"])
        let pad = font.sampleHeaders[2]
        #expect(pad.channel == .left && pad.link == 3 && !pad.isROM && pad.rawType == 4)
        #expect(pad.originalPitch == 255 && pad.rootKey == 60)
        #expect(font.sampleHeaders[3].channel == .right && font.sampleHeaders[3].link == 2)
    }

    @Test func samplesAreReadInPlaceFromTheMap() {
        #expect(font.samples.count == TestFont.sampleCount)
        for index in [0, 1, 4095, 4096, 70045, 71783] {
            #expect(font.samples[index] == TestFont.point(index))
        }
        let region = font.regions(preset: 0, program: 1, key: 60, velocity: 64)[0]
        let played = font.samples(for: region)
        #expect(played.count == 69232 - 2768)
        #expect(played.first == TestFont.point(2768) && played.last == TestFont.point(69231))
    }

    /// Zone A under "Grand Plain": instrument values only, every generator non-default.
    @Test func instrumentZoneValuesAreResolvedAndConverted() throws {
        let regions = font.regions(preset: 0, program: 1, key: 60, velocity: 64)
        #expect(regions.map(\.sample.name) == ["Looped", "OneShot"])
        let a = try #require(regions.first)
        #expect(a.presetName == "Grand Plain" && a.instrumentName == "Keys" && a.sampleIndex == 0)
        let s = a.sample
        #expect(s.start == 0 && s.end == 70000 && s.loopStart == 5000 && s.loopEnd == 65000)
        #expect(s.sampleRate == 44100 && s.originalPitch == 60 && s.pitchCorrection == -5)
        #expect(s.channel == .mono && s.link == 0)
        #expect(a.keyRange == 0...63 && a.velocityRange == 0...100)
        #expect(a.fixedKey == nil && a.fixedVelocity == nil)
        #expect(a.rootKey == 58) // overridingRootKey beats the sample's 60
        #expect(a.coarseTune == 2 && a.fineTune == -15 && a.scaleTuning == 50)
        // start: 0 − 30000 + 32768; end: 70000 + 32000 − 32768; loops likewise.
        #expect(a.start == 2768 && a.end == 69232 && a.loopStart == 5768 && a.loopEnd == 64232)
        #expect(a.loopMode == .loopUntilRelease)
        #expect(a.pan == -0.5) // −250 from the global zone
        #expect(a.initialAttenuation == 60) // local 60 overrides global 100
        let v = a.volumeEnvelope
        #expect(v.delay == 0.25 && v.attack == 0.5 && v.hold == 1 && v.decay == 2 && v.release == 2)
        #expect(v.sustain == 300 && close(v.sustainLevel, pow(10, -1.5)))
        let m = a.modulationEnvelope
        #expect(m.delay == 0.125 && close(m.attack, tc(-600)) && m.hold == 0.5)
        #expect(close(m.decay, tc(600)) && m.sustainLevel == 0.75 && m.release == 0.25)
        #expect(m.toPitch == 300 && m.toFilterCutoff == -2400)
        let lfo = a.modulationLFO
        #expect(lfo.delay == 0.5 && close(lfo.frequency, hz(1200)) && close(lfo.frequency, 16.3516, tolerance: 1e-4))
        #expect(lfo.toPitch == 50 && lfo.toFilterCutoff == -600 && lfo.toVolume == 30)
        let vib = a.vibratoLFO
        #expect(vib.delay == 0.25 && close(vib.frequency, hz(-1200)) && vib.toPitch == 20)
        // 9600 absolute cents is key 96, C7.
        #expect(close(a.filterCutoff, hz(9600)) && close(a.filterCutoff, 2093.0045, tolerance: 1e-3))
        #expect(a.filterQ == 120 && a.exclusiveClass == 3)
        #expect(a.reverbSend == 0.4 && a.chorusSend == 0.25)
        #expect(a.generators[.pan] == -250) // the pan written after sampleID is ignored
        #expect(a.generators[.sampleID] == 0 && a.generators[.instrument] == 0)
        #expect(a.generators[.keyRange] == 63 << 8)
        #expect(a.instrumentModulators == [TestFont.zoneAModulator, TestFont.zoneAFilterModulator])
        #expect(a.presetModulators.isEmpty)
        #expect(a.pitchShiftCents(key: 70) == (70 - 58) * 50 + 200 - 15 - 5)
    }

    @Test func keyNumberScalesHoldAndDecay() throws {
        let a = try #require(font.regions(preset: 0, program: 1, key: 48, velocity: 64).first)
        #expect(a.volumeEnvelope.hold == 2) // 0 + 100 × (60 − 48) = 1200 tc
        #expect(close(a.volumeEnvelope.decay, tc(600))) // 1200 − 50 × 12
        #expect(close(a.modulationEnvelope.hold, tc(-600))) // −1200 + 50 × 12
        #expect(close(a.modulationEnvelope.decay, tc(900))) // 600 + 25 × 12
    }

    /// Zone B: unlooped sample, sample's own root key, fixed key and velocity, and values
    /// inherited from the global zone with everything else at its default.
    @Test func unloopedZoneUsesGlobalValuesAndDefaults() throws {
        let regions = font.regions(preset: 0, program: 1, key: 100, velocity: 64)
        let b = try #require(regions.first)
        #expect(regions.count == 1 && b.sample.name == "OneShot" && b.sampleIndex == 1)
        #expect(b.sample.sampleRate == 22050 && b.sample.pitchCorrection == 3)
        #expect(b.keyRange == 60...127 && b.velocityRange == 50...127)
        #expect(b.fixedKey == 64 && b.fixedVelocity == 90)
        #expect(b.rootKey == 72 && b.coarseTune == 0 && b.fineTune == 0 && b.scaleTuning == 50)
        #expect(b.start == 70046 && b.end == 70646 && b.loopStart == 70100 && b.loopEnd == 70600)
        #expect(b.loopMode == .noLoop) // local sampleModes 0 overrides the global 1
        #expect(b.pan == -0.5 && b.initialAttenuation == 100 && b.exclusiveClass == 3)
        // The fixed key 64, not the played 100, scales the hold: −1200 + 120 × (60 − 64).
        #expect(close(b.volumeEnvelope.hold, tc(-1680)))
        #expect(b.volumeEnvelope.attack == 0x1p-10 && b.volumeEnvelope.decay == 0x1p-10)
        #expect(b.volumeEnvelope.delay == 0x1p-10 && b.volumeEnvelope.sustain == 0)
        #expect(b.volumeEnvelope.release == 2)
        #expect(close(b.filterCutoff, hz(13500)) && b.filterQ == 0)
        #expect(b.reverbSend == 0 && b.chorusSend == 0)
        #expect(b.instrumentModulators == [TestFont.globalModulator])
        #expect(b.pitchShiftCents(key: 100) == (64 - 72) * 50 + 3)
    }

    /// "Grand": its global and local zones add to the instrument's values; generators not
    /// allowed at preset level change nothing; ranges intersect; sums are clamped.
    @Test func presetZonesAddToInstrumentValues() throws {
        let regions = font.regions(preset: 0, program: 0, key: 30, velocity: 50)
        let a = try #require(regions.first)
        #expect(regions.count == 1 && a.presetName == "Grand" && a.sample.name == "Looped")
        #expect(a.keyRange == 0...63 && a.velocityRange == 20...100)
        #expect(a.initialAttenuation == 100) // 60 + 40
        #expect(a.coarseTune == 3 && a.fineTune == -5) // 2 + 1, −15 + 10
        #expect(close(a.pan, -0.3)) // −250 + 100
        #expect(close(a.volumeEnvelope.decay, tc(900))) // 1200 + 1200 − 50 × (60 − 30)
        #expect(close(a.volumeEnvelope.hold, tc(3000))) // 100 × 30
        #expect(a.volumeEnvelope.attack == 0.5)
        #expect(close(a.filterCutoff, hz(8400)) && close(a.filterCutoff, 1046.5023, tolerance: 1e-3))
        #expect(a.chorusSend == 1 && a.generators[.chorusEffectsSend] == 1000) // 1150 clamped
        #expect(a.reverbSend == 0.4)
        // Ignored at preset level: start offset, sample modes, root key, keynum, exclusive class.
        #expect(a.start == 2768 && a.loopMode == .loopUntilRelease && a.rootKey == 58)
        #expect(a.fixedKey == nil && a.exclusiveClass == 3)
        #expect(a.presetModulators == [TestFont.presetModulator])
        #expect(a.instrumentModulators == [TestFont.zoneAModulator, TestFont.zoneAFilterModulator])
    }

    @Test func overlappingZonesYieldOneRegionPerMatchingPair() throws {
        func names(_ key: Int, _ velocity: Int) -> [String] {
            font.regions(preset: 0, program: 0, key: key, velocity: velocity).map(\.sample.name)
        }
        #expect(names(62, 80) == ["Looped", "OneShot", "PadL", "PadR"])
        #expect(names(62, 110) == ["OneShot", "PadL", "PadR"])
        #expect(names(62, 10) == ["PadL", "PadR"])
        #expect(names(105, 10) == [])
        #expect(names(101, 80) == [])

        let regions = font.regions(preset: 0, program: 0, key: 62, velocity: 80)
        let b = regions[1], c = regions[2], d = regions[3]
        #expect(b.keyRange == 60...100 && b.velocityRange == 50...127)
        #expect(b.initialAttenuation == 140 && b.coarseTune == 1 && b.fineTune == 10)
        #expect(close(b.volumeEnvelope.decay, tc(-10800))) // default −12000 + 1200
        #expect(close(b.filterCutoff, hz(12300)) && b.chorusSend == 0.9)
        #expect(b.fixedKey == 64 && b.loopMode == .noLoop)
        #expect(c.presetName == "Grand" && c.instrumentName == "Pad")
        #expect(c.keyRange == 50...80 && c.velocityRange == 0...127)
        #expect(c.initialAttenuation == 40 && close(c.pan, 0.2) && close(c.reverbSend, 0.1))
        #expect(d.pan == 1) // 500 + 100, clamped
    }

    /// "Pad Kit" adds nothing and zone C sets nothing: every value is the spec's default.
    @Test func absentGeneratorsTakeTheSpecDefaults() throws {
        let regions = font.regions(preset: 128, program: 0, key: 45, velocity: 1)
        #expect(regions.map(\.sample.name) == ["PadL", "PadR"])
        let c = try #require(regions.first)
        #expect(c.keyRange == 40...80 && c.velocityRange == 0...127)
        #expect(c.fixedKey == nil && c.fixedVelocity == nil)
        #expect(c.rootKey == 60) // unpitched sample
        #expect(c.coarseTune == 0 && c.fineTune == 0 && c.scaleTuning == 100)
        #expect(c.start == 70692 && c.end == 71192 && c.loopStart == 70700 && c.loopEnd == 71100)
        #expect(c.loopMode == .noLoop && c.pan == 0 && c.initialAttenuation == 0)
        let v = c.volumeEnvelope, m = c.modulationEnvelope
        for time in [v.delay, v.attack, v.hold, v.decay, v.release, m.delay, m.attack, m.hold,
                     m.decay, m.release, c.modulationLFO.delay, c.vibratoLFO.delay] {
            #expect(time == 0x1p-10) // −12000 timecents
        }
        #expect(v.sustain == 0 && v.sustainLevel == 1 && m.sustainLevel == 1)
        #expect(m.toPitch == 0 && m.toFilterCutoff == 0)
        #expect(close(c.modulationLFO.frequency, 8.175798915643707))
        #expect(close(c.vibratoLFO.frequency, 8.175798915643707))
        #expect(c.modulationLFO.toPitch == 0 && c.modulationLFO.toVolume == 0)
        #expect(close(c.filterCutoff, 19912.126958213178) && c.filterQ == 0)
        #expect(c.exclusiveClass == 0 && c.reverbSend == 0 && c.chorusSend == 0)
        #expect(c.instrumentModulators.isEmpty && c.presetModulators.isEmpty)
        #expect(c.generators[.scaleTuning] == 100 && c.generators[.keynum] == -1)

        let d = regions[1]
        #expect(d.rootKey == 64 && d.sample.pitchCorrection == -2 && d.pan == 1)
        #expect(d.pitchShiftCents(key: 45) == (45 - 64) * 100 - 2)
    }

    @Test func fingerprintIsStableAndSeesPresetAndSampledPointChanges() throws {
        let original = TestFont.builder
        let again = try SoundFont.open(path: try scratch.write(original.serialized().bytes))
        #expect(font.fingerprint == again.fingerprint)
        let parts = font.fingerprint.split(separator: "-")
        #expect(parts.count == 2 && parts[1].count == 16)
        #expect(Int(parts[0], radix: 16) == font.fileSize)

        func fingerprint(_ change: (inout SF2Builder) -> Void) throws -> String {
            var copy = original
            change(&copy)
            return try SoundFont.open(path: try scratch.write(copy.serialized().bytes)).fingerprint
        }
        #expect(try fingerprint { $0.presets[0].name = "Grand!" } != font.fingerprint)
        #expect(try fingerprint { $0.sampleData[SoundFontFingerprint.sampleStride] &+= 1 } != font.fingerprint)
        // Documented blind spot: points between the sampled ones are not read.
        #expect(try fingerprint { $0.sampleData[SoundFontFingerprint.sampleStride + 1] &+= 1 } == font.fingerprint)
    }

    @Test func structureFingerprintSeesPresetsButReadsNoSamples() throws {
        let original = TestFont.builder
        func structure(_ change: (inout SF2Builder) -> Void) throws -> String {
            var copy = original
            change(&copy)
            return try SoundFont.open(path: try scratch.write(copy.serialized().bytes)).structureFingerprint
        }
        #expect(try structure { _ in } == font.structureFingerprint)
        #expect(try structure { $0.presets[0].name = "Grand!" } != font.structureFingerprint)
        #expect(try structure { $0.sampleData[0] &+= 1 } == font.structureFingerprint)
        #expect(font.structureFingerprint != font.fingerprint)
    }
}
