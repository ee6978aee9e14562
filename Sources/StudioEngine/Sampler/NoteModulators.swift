import Foundation
import StudioSoundFont

/// A font's own modulators (§8.2), evaluated once when a note starts, as offsets to the
/// generators the player uses.
///
/// FluidR3_GM, for one, darkens soft notes of some instruments with a velocity → cutoff
/// modulator and changes their resonance with another; without them those notes sound
/// brighter than the font intends. The sources are read as FluidSynth reads them at note-on:
/// velocity and key from the note, every controller at its General MIDI power-on value
/// (volume 100, pan and pitch wheel centred, expression 127, everything else 0), each scaled
/// by 128 (FluidSynth's range, which puts the centre at exactly 64) and shaped by the
/// linear, concave, convex or switch curve the modulator names. Linked modulators (a
/// destination with bit 15 set) and destinations the player does not read are ignored.
struct NoteModulators {
    /// Offsets in the destination generators' units.
    var cutoffCents = 0.0, resonance = 0.0, attenuation = 0.0, pan = 0.0
    var vibratoToPitch = 0.0, modulationToPitch = 0.0, modulationToCutoff = 0.0, modulationToVolume = 0.0
    var envelopeToPitch = 0.0, envelopeToCutoff = 0.0, tuneCents = 0.0

    init() {}

    /// The sum of the region's instrument and preset modulators (§9.5: the preset's add).
    init(region: SoundFontRegion, key: Int, velocity: Int) {
        for modulator in region.instrumentModulators + region.presetModulators {
            guard modulator.destination & 0x8000 == 0, let generator = modulator.destinationGenerator else { continue }
            var value = Double(modulator.amount) * Self.source(modulator.source, key: key, velocity: velocity, primary: true)
                * Self.source(modulator.amountSource, key: key, velocity: velocity, primary: false)
            if modulator.transform == 2 { value = abs(value) }
            switch generator {
            case .initialFilterFc: cutoffCents += value
            case .initialFilterQ: resonance += value
            case .initialAttenuation: attenuation += value
            case .pan: pan += value
            case .vibLfoToPitch: vibratoToPitch += value
            case .modLfoToPitch: modulationToPitch += value
            case .modLfoToFilterFc: modulationToCutoff += value
            case .modLfoToVolume: modulationToVolume += value
            case .modEnvToPitch: envelopeToPitch += value
            case .modEnvToFilterFc: envelopeToCutoff += value
            case .fineTune: tuneCents += value
            case .coarseTune: tuneCents += 100 * value
            default: break
            }
        }
    }

    /// One source operand (§8.2.1) mapped to its curve. A primary source of "no controller"
    /// gives 0 (the modulator does nothing); a secondary one gives 1 (no scaling).
    static func source(_ operand: UInt16, key: Int, velocity: Int, primary: Bool) -> Double {
        let index = Int(operand & 0x7F), isController = operand & 0x80 != 0
        let negative = operand & 0x100 != 0, bipolar = operand & 0x200 != 0, curve = Int(operand >> 10)
        var range = 128.0
        let raw: Double
        if isController {
            raw = Double(defaultController[index] ?? 0)
        } else {
            switch index {
            case 0: return primary ? 0 : 1
            case 2: raw = Double(velocity)
            case 3: raw = Double(key)
            case 10, 13: raw = 0 // poly and channel pressure
            case 14: raw = 8192; range = 16384 // pitch wheel, centred
            case 16: raw = 2 // pitch wheel sensitivity
            default: return 0
            }
        }
        let norm = raw / range
        if curve == 3 { return (norm >= 0.5) != negative ? 1 : (bipolar ? -1 : 0) }
        let x = negative ? 1 - norm : norm
        // FluidSynth's curve tables are indexed by the value × 127, truncated.
        func concave(_ t: Double) -> Double {
            let i = Int(t * 127)
            return i <= 0 ? 0 : i >= 127 ? 1 : -(40.0 / 96) * log10(Double(127 - i) / 127)
        }
        func convex(_ t: Double) -> Double {
            let i = Int(t * 127)
            return i <= 0 ? 0 : i >= 127 ? 1 : 1 + (40.0 / 96) * log10(Double(i) / 127)
        }
        func shaped(_ t: Double) -> Double {
            switch curve {
            case 1: concave(t)
            case 2: convex(t)
            default: t
            }
        }
        guard bipolar else { return shaped(x) }
        if curve == 0 { return 2 * x - 1 }
        return x > 0.5 ? shaped(2 * (x - 0.5)) : -shaped(2 * (0.5 - x))
    }

    /// General MIDI power-on controller values that differ from 0.
    private static let defaultController: [Int: Int] = [7: 100, 10: 64, 11: 127]
}
