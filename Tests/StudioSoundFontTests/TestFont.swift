import Foundation
import StudioSoundFont

/// The font the resolution tests read: small, but with every rule of zone resolution in play.
///
/// Samples (71 784 points, each followed by 46 points of padding as the spec asks):
///   0 "Looped"  0…70000, loop 5000…65000, 44.1 kHz, key 60, −5 cents, mono
///   1 "OneShot" 70046…70646, loop 70100…70600, 22.05 kHz, key 72, +3 cents, mono
///   2 "PadL"    70692…71192, 32 kHz, unpitched (255), left of 3
///   3 "PadR"    71238…71738, 32 kHz, key 64, −2 cents, right of 2
/// Instrument 0 "Keys": a global zone; zone A (keys 0–63, vel 0–100, sample 0) sets every
/// generator a region exposes; zone B (keys 60–127, vel 50–127, sample 1) is unlooped with
/// fixed key and velocity; a later zone without a sample, which must be ignored.
/// Instrument 1 "Pad": no global zone, zones C (sample 2, nothing set) and D (sample 3, pan).
/// Preset 0/0 "Grand": a global zone adding generators (and setting ones not allowed at
/// preset level), zone 1 → Keys (keys 0–100, vel 20–127), zone 2 → Pad (keys 50–127), and an
/// ignored zone without an instrument. Preset 0/1 "Grand Plain" → Keys with nothing added;
/// preset 128/0 "Pad Kit" → Pad; preset 0/1 "Shadow" duplicates 0/1 and must lose to it.
enum TestFont {
    static let sampleCount = 71_784

    /// Distinct, reproducible sample values, so reads from the map can be checked.
    static func point(_ index: Int) -> Int16 {
        Int16(truncatingIfNeeded: (index &* 7919) % 65536 - 32768)
    }

    /// The global-zone modulator that zone A replaces (same source, destination, amount source).
    static let globalModulator = SoundFontModulator(
        source: 0x0502, destination: SoundFontGenerator.initialAttenuation.rawValue, amount: 100,
        amountSource: 0, transform: 0)
    static let zoneAModulator = SoundFontModulator(
        source: 0x0502, destination: SoundFontGenerator.initialAttenuation.rawValue, amount: 200,
        amountSource: 0, transform: 0)
    static let zoneAFilterModulator = SoundFontModulator(
        source: 0x0102, destination: SoundFontGenerator.initialFilterFc.rawValue, amount: -300,
        amountSource: 0, transform: 0)
    static let presetModulator = SoundFontModulator(
        source: 0x0081, destination: SoundFontGenerator.pan.rawValue, amount: 50,
        amountSource: 0, transform: 2)

    static var builder: SF2Builder {
        typealias G = SF2Builder.Generator
        var font = SF2Builder()
        font.info = [
            ("ifil", u16(2) + u16(4)),
            ("isng", zstring("EMU8000")),
            ("INAM", zstring("Test Font")),
            ("ICOP", zstring("© Music Studio 2026")),
            ("ICMT", zstring("Built by the tests")),
            ("ISFT", zstring("StudioSoundFontTests")),
        ]
        font.sampleData = (0..<sampleCount).map(point)
        font.samples = [
            .init(name: "Looped", start: 0, end: 70000, loopStart: 5000, loopEnd: 65000,
                  sampleRate: 44100, originalPitch: 60, pitchCorrection: -5, link: 0, type: 1),
            .init(name: "OneShot", start: 70046, end: 70646, loopStart: 70100, loopEnd: 70600,
                  sampleRate: 22050, originalPitch: 72, pitchCorrection: 3, link: 0, type: 1),
            .init(name: "PadL", start: 70692, end: 71192, loopStart: 70700, loopEnd: 71100,
                  sampleRate: 32000, originalPitch: 255, pitchCorrection: 0, link: 3, type: 4),
            .init(name: "PadR", start: 71238, end: 71738, loopStart: 71250, loopEnd: 71700,
                  sampleRate: 32000, originalPitch: 64, pitchCorrection: -2, link: 2, type: 2),
        ]
        let keysGlobal = SF2Builder.Zone(
            generators: [
                .set(.initialAttenuation, 100), .set(.releaseVolEnv, 1200), .set(.pan, -250),
                .set(.scaleTuning, 50), .set(.sampleModes, 1), .set(.exclusiveClass, 3),
            ],
            modulators: [globalModulator])
        let zoneA = SF2Builder.Zone(
            generators: [
                .range(.keyRange, 0, 63), .range(.velRange, 0, 100),
                .set(.overridingRootKey, 58), .set(.initialAttenuation, 60),
                .set(.delayVolEnv, -2400), .set(.attackVolEnv, -1200), .set(.holdVolEnv, 0),
                .set(.keynumToVolEnvHold, 100), .set(.decayVolEnv, 1200),
                .set(.keynumToVolEnvDecay, -50), .set(.sustainVolEnv, 300),
                .set(.startAddrsOffset, -30000), .set(.startAddrsCoarseOffset, 1),
                .set(.endAddrsOffset, 32000), .set(.endAddrsCoarseOffset, -1),
                .set(.startloopAddrsOffset, -32000), .set(.startloopAddrsCoarseOffset, 1),
                .set(.endloopAddrsOffset, 32000), .set(.endloopAddrsCoarseOffset, -1),
                .set(.sampleModes, 3), .set(.coarseTune, 2),
                .set(.fineTune, -99), .set(.fineTune, -15), // a repeat: the last one counts
                .set(.initialFilterFc, 9600), .set(.initialFilterQ, 120),
                .set(.chorusEffectsSend, 250), .set(.reverbEffectsSend, 400),
                .set(.delayModEnv, -3600), .set(.attackModEnv, -600), .set(.holdModEnv, -1200),
                .set(.decayModEnv, 600), .set(.sustainModEnv, 250), .set(.releaseModEnv, -2400),
                .set(.keynumToModEnvHold, 50), .set(.keynumToModEnvDecay, 25),
                .set(.modEnvToPitch, 300), .set(.modEnvToFilterFc, -2400),
                .set(.delayModLFO, -1200), .set(.freqModLFO, 1200), .set(.modLfoToPitch, 50),
                .set(.modLfoToFilterFc, -600), .set(.modLfoToVolume, 30),
                .set(.delayVibLFO, -2400), .set(.freqVibLFO, -1200), .set(.vibLfoToPitch, 20),
                .raw(14, 999), // "unused1": must be ignored
                .raw(41, 1), // an instrument generator inside an instrument: ignored
            ],
            modulators: [zoneAModulator, zoneAFilterModulator],
            target: 0,
            trailing: [.set(.pan, 400)]) // after sampleID: ignored
        let zoneB = SF2Builder.Zone(
            generators: [
                .range(.keyRange, 60, 127), .range(.velRange, 50, 127), .set(.sampleModes, 0),
                .set(.keynum, 64), .set(.velocity, 90), .set(.holdVolEnv, -1200),
                .set(.keynumToVolEnvHold, 120),
            ],
            target: 1)
        let strayKeysZone = SF2Builder.Zone(generators: [.set(.pan, 300)]) // no sample: ignored
        font.instruments = [
            .init(name: "Keys", zones: [keysGlobal, zoneA, zoneB, strayKeysZone]),
            .init(name: "Pad", zones: [
                .init(generators: [.range(.keyRange, 40, 80)], target: 2),
                .init(generators: [.range(.keyRange, 40, 80), .set(.pan, 500)], target: 3),
            ]),
        ]
        let grandGlobal = SF2Builder.Zone(
            generators: [
                .set(.initialAttenuation, 40), .set(.coarseTune, 1), .set(.pan, 100),
                .set(.chorusEffectsSend, 900),
                // Not allowed at preset level; all must be ignored:
                .set(.startAddrsOffset, 500), .set(.sampleModes, 0), .set(.overridingRootKey, 40),
                .set(.keynum, 10), .set(.exclusiveClass, 7), .raw(53, 2),
            ],
            modulators: [presetModulator])
        font.presets = [
            .init(name: "Grand", bank: 0, program: 0, zones: [
                grandGlobal,
                .init(generators: [
                    .range(.keyRange, 0, 100), .range(.velRange, 20, 127), .set(.fineTune, 10),
                    .set(.decayVolEnv, 1200), .set(.initialFilterFc, -1200),
                ], target: 0),
                .init(generators: [.range(.keyRange, 50, 127), .set(.reverbEffectsSend, 100)],
                      target: 1),
                .init(generators: [.set(.pan, 300)]), // no instrument: ignored
            ]),
            .init(name: "Grand Plain", bank: 0, program: 1, zones: [.init(target: 0)]),
            .init(name: "Pad Kit", bank: 128, program: 0, zones: [.init(target: 1)]),
            .init(name: "Shadow", bank: 0, program: 1, zones: [.init(target: 1)]),
        ]
        return font
    }
}

/// A scratch directory for font files, removed when the test is done with it.
final class ScratchDirectory {
    let url: URL
    private var counter = 0

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sf2-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to a new file and returns its path.
    func write(_ bytes: [UInt8], name: String = "font") throws -> String {
        counter += 1
        let path = url.appendingPathComponent("\(name)-\(counter).sf2").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
