import StudioSoundFont
import Testing

/// Which notes the all-programs FluidSynth comparison plays (issue #15): the sixteen General
/// MIDI families of eight programs, and the four drum kits of FluidR3_GM's bank 128.
///
/// The notes come from the font itself — each program's five keys spread across the keys its
/// preset covers, each kit's every mapped key — so a font whose ranges change is still tested
/// across what it plays, and nothing is hand-picked to dodge a difference.
struct GeneralMIDIFamily: Sendable, CustomTestStringConvertible {
    let name: String
    let bank: Int
    let programs: [Int]
    var isDrumKit: Bool { bank == 128 }
    var testDescription: String { name }

    /// The GM 1 family names, in program order (programs 8n…8n+7).
    static let melodicNames = [
        "Piano", "Chromatic percussion", "Organ", "Guitar", "Bass", "Strings", "Ensemble", "Brass",
        "Reed", "Pipe", "Synth lead", "Synth pad", "Synth effects", "Ethnic", "Percussive", "Sound effects",
    ]

    static let all: [GeneralMIDIFamily] =
        melodicNames.enumerated().map { index, name in
            GeneralMIDIFamily(name: name, bank: 0, programs: Array(index * 8..<(index * 8 + 8)))
        } + [("Standard kit", 0), ("Room kit", 8), ("Jazz kit", 32), ("Brush kit", 40)].map {
            GeneralMIDIFamily(name: $0.0, bank: 128, programs: [$0.1])
        }

    /// Two velocities: one below and one above 64, the point where FluidSynth's default
    /// velocity → filter cutoff modulator switches on (its second source is a switch).
    static let velocities = [50, 100]

    /// The keys a pitched program is tested at: five, evenly spread from the lowest to the
    /// highest key its preset maps, kept within the piano's 21…108 (outside it a GM program
    /// is a stretched sample no arrangement asks for, and a fundamental below 27 Hz or a
    /// spectrum above 4 kHz cannot be measured to a cent).
    static func melodicKeys(font: SoundFont, program: Int) -> [Int] {
        let mapped = (21...108).filter { !font.regions(preset: 0, program: program, key: $0, velocity: 100).isEmpty }
        guard let low = mapped.first, let high = mapped.last else { return [] }
        var keys: [Int] = []
        for step in 0..<5 {
            let key = low + Int((Double(high - low) * Double(step) / 4).rounded())
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// Every key the kit maps to a sound.
    static func drumKeys(font: SoundFont, kit: Int) -> [Int] {
        (0...127).filter { !font.regions(preset: 128, program: kit, key: $0, velocity: 100).isEmpty }
    }

    /// One note the comparison plays: MIDI channel, program, key and velocity.
    struct Note: Sendable {
        let channel: Int, program: Int, key: Int, velocity: Int
    }

    /// The family's notes: program by program (each on its own channel, the kit on channel 10),
    /// key by key, velocity by velocity.
    func notes(font: SoundFont) -> [Note] {
        programs.enumerated().flatMap { index, program in
            let channel = isDrumKit ? 9 : index
            let keys = isDrumKit ? Self.drumKeys(font: font, kit: program) : Self.melodicKeys(font: font, program: program)
            return keys.flatMap { key in
                Self.velocities.map { Note(channel: channel, program: program, key: key, velocity: $0) }
            }
        }
    }
}
