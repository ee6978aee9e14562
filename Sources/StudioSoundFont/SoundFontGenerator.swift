/// The SoundFont 2.04 generators (§8.1.2), with the facts the resolver needs about each.
///
/// Numbers the spec marks unused or reserved (14, 18–20, 42, 49, 55, 59) have no case, so
/// `init(rawValue:)` fails for them and for anything from a newer spec; the spec asks readers
/// to ignore such generators, and that is exactly what a failed init leads to.
public enum SoundFontGenerator: UInt16, Sendable, CaseIterable {
    case startAddrsOffset = 0
    case endAddrsOffset = 1
    case startloopAddrsOffset = 2
    case endloopAddrsOffset = 3
    case startAddrsCoarseOffset = 4
    case modLfoToPitch = 5
    case vibLfoToPitch = 6
    case modEnvToPitch = 7
    case initialFilterFc = 8
    case initialFilterQ = 9
    case modLfoToFilterFc = 10
    case modEnvToFilterFc = 11
    case endAddrsCoarseOffset = 12
    case modLfoToVolume = 13
    case chorusEffectsSend = 15
    case reverbEffectsSend = 16
    case pan = 17
    case delayModLFO = 21
    case freqModLFO = 22
    case delayVibLFO = 23
    case freqVibLFO = 24
    case delayModEnv = 25
    case attackModEnv = 26
    case holdModEnv = 27
    case decayModEnv = 28
    case sustainModEnv = 29
    case releaseModEnv = 30
    case keynumToModEnvHold = 31
    case keynumToModEnvDecay = 32
    case delayVolEnv = 33
    case attackVolEnv = 34
    case holdVolEnv = 35
    case decayVolEnv = 36
    case sustainVolEnv = 37
    case releaseVolEnv = 38
    case keynumToVolEnvHold = 39
    case keynumToVolEnvDecay = 40
    case instrument = 41
    case keyRange = 43
    case velRange = 44
    case startloopAddrsCoarseOffset = 45
    case keynum = 46
    case velocity = 47
    case initialAttenuation = 48
    case endloopAddrsCoarseOffset = 50
    case coarseTune = 51
    case fineTune = 52
    case sampleID = 53
    case sampleModes = 54
    case scaleTuning = 56
    case exclusiveClass = 57
    case overridingRootKey = 58

    /// One past the highest generator number; tables indexed by generator use this size.
    static let tableSize = 61

    /// The value a zone gets when neither it nor its global zone sets the generator (§8.1.3).
    /// Timecent parameters default to −12000 (about 1 ms, "instant"); the filter is fully
    /// open at 13500 absolute cents; scale tuning is 100 cents per key; the key, velocity
    /// and root-key overrides default to −1, meaning "not set".
    public var defaultValue: Int {
        switch self {
        case .initialFilterFc: 13500
        case .delayModLFO, .delayVibLFO, .delayModEnv, .attackModEnv, .holdModEnv,
             .decayModEnv, .releaseModEnv, .delayVolEnv, .attackVolEnv, .holdVolEnv,
             .decayVolEnv, .releaseVolEnv: -12000
        case .keyRange, .velRange: 127 << 8 // lo 0, hi 127
        case .keynum, .velocity, .overridingRootKey: -1
        case .scaleTuning: 100
        default: 0
        }
    }

    /// The range the spec gives (§8.1.3). The resolver clamps the final sum of instrument and
    /// preset values into it, so a player never sees, say, a 40-second attack from two
    /// generous levels added together. `nil` for generators that are not quantities
    /// (indexes, ranges, modes, the key overrides) or whose bound depends on the sample
    /// (address offsets, which are clamped to the sample instead).
    public var range: ClosedRange<Int>? {
        switch self {
        case .modLfoToPitch, .vibLfoToPitch, .modEnvToPitch,
             .modLfoToFilterFc, .modEnvToFilterFc: -12000...12000
        case .initialFilterFc: 1500...13500
        case .initialFilterQ: 0...960
        case .modLfoToVolume: -960...960
        case .chorusEffectsSend, .reverbEffectsSend: 0...1000
        case .pan: -500...500
        case .delayModLFO, .delayVibLFO, .delayModEnv, .holdModEnv,
             .delayVolEnv, .holdVolEnv: -12000...5000
        case .freqModLFO, .freqVibLFO: -16000...4500
        case .attackModEnv, .decayModEnv, .releaseModEnv,
             .attackVolEnv, .decayVolEnv, .releaseVolEnv: -12000...8000
        case .sustainModEnv: 0...1000
        case .sustainVolEnv, .initialAttenuation: 0...1440
        case .keynumToModEnvHold, .keynumToModEnvDecay,
             .keynumToVolEnvHold, .keynumToVolEnvDecay: -1200...1200
        case .coarseTune: -120...120
        case .fineTune: -99...99
        case .scaleTuning: 0...1200
        case .exclusiveClass: 0...127
        default: nil
        }
    }

    /// Whether a preset zone's value is added to the instrument's (§9.4).
    ///
    /// False for the generators the spec does not allow at preset level (the sample address
    /// offsets, key and velocity overrides, sample modes, exclusive class and overriding root
    /// key: a preset setting them is ignored), for the two range generators (which intersect
    /// instead), and for the two index generators that end a zone.
    public var isAdditiveAtPresetLevel: Bool {
        switch self {
        case .startAddrsOffset, .endAddrsOffset, .startloopAddrsOffset, .endloopAddrsOffset,
             .startAddrsCoarseOffset, .endAddrsCoarseOffset, .startloopAddrsCoarseOffset,
             .endloopAddrsCoarseOffset, .keynum, .velocity, .sampleModes, .exclusiveClass,
             .overridingRootKey, .keyRange, .velRange, .instrument, .sampleID: false
        default: true
        }
    }
}

/// The generators a zone sets, as the raw 16-bit amounts from the file.
///
/// A fixed table plus a bitmask rather than a dictionary: zones are built once per font but
/// read for every note, and "is it set, and to what" must be a load and a bit test.
struct GeneratorSet: Sendable, Equatable {
    private var amounts = [UInt16](repeating: 0, count: SoundFontGenerator.tableSize)
    private var present: UInt64 = 0

    subscript(_ generator: SoundFontGenerator) -> UInt16? {
        get {
            present & (1 << UInt64(generator.rawValue)) != 0 ? amounts[Int(generator.rawValue)] : nil
        }
        set {
            let bit: UInt64 = 1 << UInt64(generator.rawValue)
            if let newValue {
                amounts[Int(generator.rawValue)] = newValue
                present |= bit
            } else {
                present &= ~bit
            }
        }
    }

    /// The amount read as the signed 16-bit quantity most generators hold.
    func signed(_ generator: SoundFontGenerator) -> Int? {
        self[generator].map { Int(Int16(bitPattern: $0)) }
    }

    /// A range generator as (low, high) bytes; the full 0…127 when unset.
    func range(_ generator: SoundFontGenerator) -> (low: Int, high: Int) {
        guard let amount = self[generator] else { return (0, 127) }
        return (Int(amount & 0xFF), Int(amount >> 8))
    }

    /// This zone's values with the global zone's filling the gaps: "a generator in a local
    /// zone supersedes the same generator in the global zone" (§9.4).
    func overriding(_ global: GeneratorSet) -> GeneratorSet {
        var merged = global
        for generator in SoundFontGenerator.allCases {
            if let amount = self[generator] { merged[generator] = amount }
        }
        return merged
    }

    /// Only the generators for which `keep` is true.
    func filtered(_ keep: (SoundFontGenerator) -> Bool) -> GeneratorSet {
        var result = GeneratorSet()
        for generator in SoundFontGenerator.allCases where keep(generator) {
            result[generator] = self[generator]
        }
        return result
    }
}
