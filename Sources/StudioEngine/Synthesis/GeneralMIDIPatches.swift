/// A General MIDI sound: a melodic program (bank 0) or a drum kit (played on channel 10, where
/// the program picks the kit).
public struct GeneralMIDIPatch: Sendable, Equatable {
    /// Zero-based, 0…127, as written in a program change (GM's "program 1" is 0 here).
    public var program: Int
    public var isPercussion: Bool

    public init(program: Int, isPercussion: Bool = false) {
        self.program = program
        self.isPercussion = isPercussion
    }

    public static func melodic(_ program: Int) -> GeneralMIDIPatch { GeneralMIDIPatch(program: program) }
    public static func kit(_ program: Int) -> GeneralMIDIPatch { GeneralMIDIPatch(program: program, isPercussion: true) }
}

// The synthesised instruments' nearest General MIDI programs (zero-based), the table that
// docs/ENGINES.md ("MIDI export") prints. "Nearest" is by role and envelope first, then by
// timbre: a MIDI file played by any GM synthesiser should be recognisably the same arrangement
// (the pad still swells, the pluck still plucks), even where no GM sound is the same patch.

extension AcousticPiano {
    /// 0 Acoustic Grand Piano.
    var generalMIDI: GeneralMIDIPatch { .melodic(0) }
}

extension ElectricPiano {
    /// 4 Electric Piano 1 (the tine piano this models).
    var generalMIDI: GeneralMIDIPatch { .melodic(4) }
}

extension Bells {
    /// 14 Tubular Bells: struck, inharmonic, long ringing.
    var generalMIDI: GeneralMIDIPatch { .melodic(14) }
}

extension BassSynth {
    /// round: 33 Electric Bass (finger); synth: 38 Synth Bass 1; sub (a sine drone): 39 Synth Bass 2.
    var generalMIDI: GeneralMIDIPatch {
        switch character {
        case .round: .melodic(33)
        case .synth: .melodic(38)
        case .sub: .melodic(39)
        }
    }
}

extension Lead {
    /// soft (a rounded triangle-and-sine lead, a muted flute): 73 Flute; saw: 81 Lead 2 (sawtooth);
    /// square: 80 Lead 1 (square).
    var generalMIDI: GeneralMIDIPatch {
        switch character {
        case .soft: .melodic(73)
        case .saw: .melodic(81)
        case .square: .melodic(80)
        }
    }
}

extension Pluck {
    /// 45 Pizzicato Strings: a short plucked note with no sustain.
    var generalMIDI: GeneralMIDIPatch { .melodic(45) }
}

extension Pad {
    /// warm: 89 Pad 2 (warm); bright: 90 Pad 3 (polysynth); strings: 48 String Ensemble 1;
    /// choir: 52 Choir Aahs.
    var generalMIDI: GeneralMIDIPatch {
        switch character {
        case .warm: .melodic(89)
        case .bright: .melodic(90)
        case .strings: .melodic(48)
        case .choir: .melodic(52)
        }
    }
}

extension Texture {
    /// GM's sound effects: vinyl crackle 126 Applause (dense random clicks); rain 96 FX 1 (rain);
    /// wind 122 Seashore (a slow noise wash); sweep 99 FX 4 (atmosphere).
    var generalMIDI: GeneralMIDIPatch {
        switch kind {
        case .vinyl: .melodic(126)
        case .rain: .melodic(96)
        case .wind: .melodic(122)
        case .sweep: .melodic(99)
        }
    }
}

extension DrumKit {
    /// dusty: kit 0 (Standard); electronic: kit 25 (TR-808), the drum machine it models.
    var generalMIDI: GeneralMIDIPatch {
        switch character {
        case .dusty: .kit(0)
        case .electronic: .kit(25)
        }
    }
}

extension SampledInstrument {
    /// Its own preset: bank 128 is the drum bank, where the program is the kit.
    var generalMIDI: GeneralMIDIPatch {
        GeneralMIDIPatch(program: program, isPercussion: bank == GeneralMIDI.drumBank)
    }
}

extension BendingInstrument {
    var generalMIDI: GeneralMIDIPatch { base.generalMIDI }
}
