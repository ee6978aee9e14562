import Foundation
import StudioSoundFont

/// The control-rate part of a SoundFont voice: the modulation envelope and the two LFOs, and
/// what they do to pitch (§8.1.2 #5–7), filter cutoff (#10, #11) and volume (#13).
///
/// FluidSynth, the player the free fonts were voiced on, evaluates all of these once per block
/// of 64 samples and holds them for the block; so does this, once per `SampleLayer.controlInterval`.
/// A note none of them moves never gets one (the layer then skips control blocks entirely).
struct SampleModulation {
    var envelope: ModulationEnvelope
    var modulationLFO: TriangleLFO
    var vibratoLFO: TriangleLFO
    /// Depths, in cents of pitch or cutoff and centibels of volume, at full swing.
    let envelopeToPitch: Double, envelopeToCutoff: Double
    let modulationToPitch: Double, modulationToCutoff: Double, modulationToVolume: Double
    let vibratoToPitch: Double
    /// Initial cutoff in absolute cents (velocity modulator included).
    let cutoffCents: Double
    /// Samples played so far, at the start of the next block: the LFOs' delays count these.
    private var ticks = 0

    /// What one block plays with.
    struct Block {
        /// Playback-rate multiplier, 2^(cents/1200).
        var pitchRatio: Double
        /// Absolute cents.
        var cutoffCents: Double
        /// Amplitude multiplier from the modulation LFO's volume depth.
        var volume: Float
    }

    /// nil when nothing would ever move: no depth is set on either LFO or the envelope.
    /// `modulators`: the font's own note-on modulators, added to the depths.
    init?(region: SoundFontRegion, modulators: NoteModulators, cutoffCents: Double, sampleRate: Float) {
        let env = region.modulationEnvelope, mod = region.modulationLFO, vib = region.vibratoLFO
        envelopeToPitch = Double(env.toPitch) + modulators.envelopeToPitch
        envelopeToCutoff = Double(env.toFilterCutoff) + modulators.envelopeToCutoff
        modulationToPitch = Double(mod.toPitch) + modulators.modulationToPitch
        modulationToCutoff = Double(mod.toFilterCutoff) + modulators.modulationToCutoff
        modulationToVolume = Double(mod.toVolume) + modulators.modulationToVolume
        vibratoToPitch = Double(vib.toPitch) + modulators.vibratoToPitch
        guard envelopeToPitch != 0 || envelopeToCutoff != 0 || modulationToPitch != 0 || modulationToCutoff != 0
            || modulationToVolume != 0 || vibratoToPitch != 0 else { return nil }
        self.cutoffCents = cutoffCents
        envelope = ModulationEnvelope(env, sampleRate: sampleRate)
        modulationLFO = TriangleLFO(mod, sampleRate: sampleRate)
        vibratoLFO = TriangleLFO(vib, sampleRate: sampleRate)
    }

    /// True when the envelope moves pitch or cutoff (the filter must then be run).
    var movesCutoff: Bool { envelopeToCutoff != 0 || modulationToCutoff != 0 }

    /// True while the next blocks would all be the same until the note is released.
    var isSteady: Bool {
        envelope.isSteady && modulationToPitch == 0 && modulationToCutoff == 0 && modulationToVolume == 0
            && vibratoToPitch == 0
    }

    /// The values for the next `samples`, then moves on by that many. As in FluidSynth, the
    /// LFOs step before they are read, and the envelope's attack is read through its convex curve.
    mutating func next(advancing samples: Int) -> Block {
        modulationLFO.advance(ticks: ticks)
        vibratoLFO.advance(ticks: ticks)
        ticks += samples
        let e = envelope.next(advancing: samples)
        let m = modulationLFO.value, v = vibratoLFO.value
        let pitch = e * envelopeToPitch + m * modulationToPitch + v * vibratoToPitch
        let cutoff = cutoffCents + e * envelopeToCutoff + m * modulationToCutoff
        // FluidSynth's sign: a positive depth makes a positive swing louder (its attenuation
        // is −value × depth), the opposite of how the spec's text reads.
        let volume = modulationToVolume == 0 ? 1 : Float(pow(10, m * modulationToVolume / 200))
        return Block(pitchRatio: pitch == 0 ? 1 : exp2(pitch / 1200), cutoffCents: cutoff, volume: volume)
    }

    mutating func release() { envelope.release() }
}

/// A SoundFont LFO as FluidSynth runs it: a triangle from 0 rising first, between −1 and 1,
/// stepped once per control block after its delay (§8.1.2 #21–24).
struct TriangleLFO {
    private(set) var value = 0.0
    private var increment: Double
    private let delay: Int

    init(_ lfo: SoundFontLFO, sampleRate: Float) {
        // Four quarter-swings per period, one step per block.
        increment = 4 * Double(SampleLayer.controlInterval) * lfo.frequency / Double(sampleRate)
        delay = Int(Double(sampleRate) * lfo.delay)
    }

    /// One block's step, unless `ticks` (samples since the note began) is still within the delay.
    mutating func advance(ticks: Int) {
        guard ticks >= delay else { return }
        value += increment
        if value > 1 {
            increment = -increment
            value = 2 - value
        } else if value < -1 {
            increment = -increment
            value = -2 - value
        }
    }
}
