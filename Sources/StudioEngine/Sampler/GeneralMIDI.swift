/// The General MIDI presets the engines play, by their GM program numbers (zero-based), so that
/// any GM SoundFont a user points `STUDIO_SOUNDFONT` at supplies the same instruments.
enum GeneralMIDI {
    /// Melodic presets live in bank 0; drum kits in bank 128, where the program picks the kit.
    static let melodicBank = 0
    static let drumBank = 128

    static let grandPiano = 0
    static let electricPiano = 4
    static let fingeredBass = 33
    static let slowStrings = 49
    static let choirAahs = 52

    /// GM2 kit numbers, which FluidR3_GM follows: a brushed, roomy jazz kit suits lofi.
    static let jazzKit = 32
}

extension SoundFontLibrary {
    /// The melodic preset `program`, or nil when no SoundFont could be opened (the engines that
    /// need one are disabled then, so only tests composing directly see the fallback).
    /// `monoSource`: one channel of each stereo sample pair, for a melody (see `SampledInstrument`).
    static func melodic(_ program: Int, monoSource: Bool = false) -> (any Instrument)? {
        font.map { SampledInstrument(soundFont: $0, bank: GeneralMIDI.melodicBank, program: program, monoSource: monoSource) }
    }

    /// The drum kit `program` of the percussion bank, or nil without a SoundFont.
    static func drumKit(_ program: Int) -> (any Instrument)? {
        font.map { SampledInstrument(soundFont: $0, bank: GeneralMIDI.drumBank, program: program) }
    }
}
