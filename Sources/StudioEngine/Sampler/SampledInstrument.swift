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

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        let velocity = max(1, min(127, Int((note.velocity * 127).rounded())))
        let regions = soundFont.regions(preset: bank, program: program, key: note.pitch, velocity: velocity)
        return SampleVoice(note: note, velocity: velocity, regions: regions, soundFont: soundFont, pan: pan,
                           sampleRate: sampleRate)
    }

    /// SoundFont exclusive classes (open and closed hi-hats, for one) choke each other.
    func exclusiveGroup(of pitch: Int) -> Int? {
        let regions = soundFont.regions(preset: bank, program: program, key: pitch, velocity: 100)
        return regions.map(\.exclusiveClass).first { $0 != 0 }
    }
}
