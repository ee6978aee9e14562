import StudioSoundFont

/// An instrument played from a SoundFont preset: each note becomes one `SampleVoice` that layers
/// every region of the preset containing the note (a stereo piano's two channels, a velocity
/// layer, a drum and its resonance).
///
/// It is an `Instrument` like the synthesised ones, so a score does not care which it gets.
struct SampledInstrument: Instrument {
    let soundFont: SoundFont
    let bank: Int
    let program: Int
    /// Voices at once before a new note steals one: FluidSynth's default of 256 is for a whole
    /// 16-channel synth; one part of an arrangement needs far fewer.
    let polyphony: Int?
    /// The SoundFont 2.04 default velocity → filter cutoff modulator, off by default as in
    /// FluidSynth (see `SampleLayer`).
    let velocityToFilter: Bool
    /// Plays one channel of each stereo sample pair, centred, for a melody: the two channels
    /// of a spaced-microphone recording (FluidR3's grand) drift out of phase in the upper
    /// register, so a melody played from both folds to mono 3–4 dB quieter, under its accompaniment.
    let monoSource: Bool
    /// Exclusive class per key, looked up once here rather than once per note on the render path.
    private let exclusiveClasses: [Int?]

    static let defaultPolyphony = 64

    init(soundFont: SoundFont, bank: Int, program: Int, polyphony: Int? = SampledInstrument.defaultPolyphony,
         velocityToFilter: Bool = false, monoSource: Bool = false) {
        self.soundFont = soundFont
        self.bank = bank
        self.program = program
        self.polyphony = polyphony
        self.velocityToFilter = velocityToFilter
        self.monoSource = monoSource
        exclusiveClasses = (0..<128).map { key in
            soundFont.regions(preset: bank, program: program, key: key, velocity: 100)
                .map(\.exclusiveClass).first { $0 != 0 }
        }
    }

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        makeSampleVoice(for: note, pan: pan, sampleRate: sampleRate)
    }

    /// The concrete voice, for players that steer it while it sounds (MIDI pitch bend).
    func makeSampleVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> SampleVoice {
        let velocity = max(1, min(127, Int((note.velocity * 127).rounded())))
        var regions = soundFont.regions(preset: bank, program: program, key: note.pitch, velocity: velocity)
        var centred = false
        if monoSource {
            let kept = regions.filter { $0.sample.channel != .right }
            if !kept.isEmpty && kept.count < regions.count { (regions, centred) = (kept, true) }
        }
        return SampleVoice(note: note, velocity: velocity, regions: regions, soundFont: soundFont, pan: pan,
                           sampleRate: sampleRate, velocityToFilter: velocityToFilter, centred: centred)
    }

    /// SoundFont exclusive classes (open and closed hi-hats, for one) choke each other.
    func exclusiveGroup(of pitch: Int) -> Int? {
        exclusiveClasses.indices.contains(pitch) ? exclusiveClasses[pitch] : nil
    }
}
