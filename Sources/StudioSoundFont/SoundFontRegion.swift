/// Everything a sample player needs to start one voice, fully resolved for one note.
///
/// A region is the product of one preset zone and one instrument zone that both contain the
/// note: the instrument's local values over its global zone, plus the preset's local-over-
/// global values for the additive generators, clamped to the spec's ranges and converted to
/// the units a player computes with (seconds, hertz, −1…1). The raw resolved generator
/// values stay available in `generators`, because the player's modulators (including the
/// default ones of §8.4, which the reader does not apply) add to them in generator units.
public struct SoundFontRegion: Sendable, Equatable {
    public let presetName: String
    public let instrumentName: String
    /// Index of `sample` in `SoundFont.sampleHeaders`, e.g. to find a stereo partner's region.
    public let sampleIndex: Int
    /// The sample header as stored in the file (before this region's address offsets).
    public let sample: SoundFontSample

    /// The intersection of the preset zone's and the instrument zone's key ranges.
    public let keyRange: ClosedRange<Int>
    /// The intersection of the two zones' velocity ranges.
    public let velocityRange: ClosedRange<Int>
    /// The `keynum` and `velocity` generators: when set, the voice behaves as if this key or
    /// velocity had been played, whatever the actual note was.
    public let fixedKey: Int?
    public let fixedVelocity: Int?

    /// The key the sample sounds at unshifted: `overridingRootKey` if set, else the sample's
    /// own (60 for an unpitched sample).
    public let rootKey: Int
    /// Semitones and cents added to the pitch (instrument + preset).
    public let coarseTune: Int
    public let fineTune: Int
    /// Cents of pitch change per key away from `rootKey`: 100 for a normal keyboard, 0 for a
    /// drum that should sound the same on every key.
    public let scaleTuning: Int

    /// Where to play in `SoundFont.samples`: the sample header's positions with this zone's
    /// fine and 32768-point coarse address offsets applied, then kept inside the sample
    /// (start ≤ loopStart ≤ loopEnd ≤ end) so the player can index without checking.
    public let start: Int
    public let end: Int
    public let loopStart: Int
    public let loopEnd: Int
    /// How to use the loop. A looping mode whose loop the offsets have made empty is turned
    /// into `.noLoop`, so a player can trust `loopStart < loopEnd` whenever it loops.
    public let loopMode: SoundFontLoopMode

    /// −1 (left) … 1 (right).
    public let pan: Double
    /// Centibels (0…1440) below full level, as stored. Many players scale this by 0.4 to
    /// match E-mu hardware; that choice belongs to the player, so the raw value is kept.
    public let initialAttenuation: Double
    public let volumeEnvelope: SoundFontVolumeEnvelope
    public let modulationEnvelope: SoundFontModulationEnvelope
    public let modulationLFO: SoundFontLFO
    public let vibratoLFO: SoundFontLFO
    /// Low-pass cutoff in hertz (1500…13500 absolute cents, about 20 Hz…20 kHz).
    public let filterCutoff: Double
    /// Filter resonance in centibels above the DC gain (0…960).
    public let filterQ: Double
    /// A new note in the same class, in the same preset, cuts this one off (hi-hats); 0 = none.
    public let exclusiveClass: Int
    /// Effect sends, 0…1.
    public let reverbSend: Double
    public let chorusSend: Double

    /// Every generator's resolved value in spec units (instrument + preset, clamped).
    public let generators: SoundFontGeneratorValues
    /// The instrument zone's modulators (local over global) and the preset zone's, unapplied.
    /// Per §9.5, the preset's add to the instrument's; the player combines them with the
    /// default modulators.
    public let instrumentModulators: [SoundFontModulator]
    public let presetModulators: [SoundFontModulator]

    /// Cents to shift the sample to play `key`: (key − root) × scale tuning, plus coarse and
    /// fine tune and the sample's own pitch correction (`fixedKey` replaces `key` when set).
    /// The player turns this into a playback rate: `2^(cents/1200) × sampleRate / outputRate`.
    public func pitchShiftCents(key: Int) -> Int {
        ((fixedKey ?? key) - rootKey) * scaleTuning + coarseTune * 100 + fineTune
            + sample.pitchCorrection
    }
}

public enum SoundFontLoopMode: Sendable, Equatable {
    /// Play from start to end once (`sampleModes` 0, and the unused value 2).
    case noLoop
    /// Loop for as long as the voice sounds, through the release (1).
    case loopContinuously
    /// Loop while the key is held, then play on past the loop end (3).
    case loopUntilRelease
}

/// The volume envelope, in seconds except for `sustain`.
public struct SoundFontVolumeEnvelope: Sendable, Equatable {
    public let delay: Double
    public let attack: Double
    /// Already scaled for the note's key by `keynumToVolEnvHold`.
    public let hold: Double
    /// Already scaled for the note's key by `keynumToVolEnvDecay`.
    public let decay: Double
    /// Centibels of attenuation below the peak during sustain (0 = stay at peak, 1440 = silent).
    public let sustain: Double
    public let release: Double

    /// `sustain` as a linear amplitude factor.
    public var sustainLevel: Double { SoundFontUnits.gain(attenuation: sustain) }
}

/// The modulation envelope, which drives pitch and filter cutoff, in seconds.
public struct SoundFontModulationEnvelope: Sendable, Equatable {
    public let delay: Double
    public let attack: Double
    /// Already scaled for the note's key by `keynumToModEnvHold`.
    public let hold: Double
    /// Already scaled for the note's key by `keynumToModEnvDecay`.
    public let decay: Double
    /// Sustain level as a fraction of the peak, 0…1 (the file stores the decrease in 0.1 %).
    public let sustainLevel: Double
    public let release: Double
    /// Cents of pitch and of filter cutoff at the envelope's peak.
    public let toPitch: Int
    public let toFilterCutoff: Int
}

/// A low-frequency oscillator: delay before it starts, rate, and depth per destination
/// (the vibrato LFO only has a pitch destination; its other depths are 0).
public struct SoundFontLFO: Sendable, Equatable {
    public let delay: Double
    public let frequency: Double
    /// Cents of pitch and filter cutoff, and centibels of volume, at full swing.
    public let toPitch: Int
    public let toFilterCutoff: Int
    public let toVolume: Int
}

/// Resolved generator values by generator, in the file's units. Range generators read as
/// low + high × 256, like the file's amount.
public struct SoundFontGeneratorValues: Sendable, Equatable {
    let values: [Int]

    public subscript(_ generator: SoundFontGenerator) -> Int { values[Int(generator.rawValue)] }
}
