import Foundation
import StudioSoundFont

/// The SoundFont modulation envelope (§8.1.2 #25–32), which sweeps a region's filter cutoff:
/// FluidR3's piano closes its low-pass by 1000 cents this way and its strings open theirs by 200,
/// so without it those instruments sound brighter or duller than the font intends.
///
/// It runs at control rate — the layer advances it once per block of `SampleLayer`'s control
/// interval — because its output only moves filter coefficients, which are recomputed per block
/// anyway. Its shape is FluidSynth's: a convex attack (§8.1.2 #26), then linear hold, decay to
/// the sustain fraction and release, each decay or release time being for the full 1 → 0 range.
struct ModulationEnvelope {
    private enum Stage { case delay, attack, hold, decay, sustain, release, finished }
    private var stage = Stage.delay
    /// Linear position 0…1; the attack's output is this through the convex curve.
    private var value = 0.0
    private var remaining: Int
    private let attackStep: Double, holdSamples: Int, decayStep: Double, releaseStep: Double
    private let sustainLevel: Double

    init(_ envelope: SoundFontModulationEnvelope, sampleRate: Float) {
        let rate = Double(sampleRate)
        remaining = SampleEnvelope.delaySamples(envelope.delay, sampleRate: sampleRate)
        attackStep = 1 / max(1, envelope.attack * rate)
        holdSamples = Int(envelope.hold * rate)
        decayStep = 1 / max(1, envelope.decay * rate)
        releaseStep = 1 / max(1, envelope.release * rate)
        sustainLevel = min(1, max(0, envelope.sustainLevel))
    }

    /// True while the output cannot change until the note is released.
    var isSteady: Bool { stage == .sustain || stage == .finished }

    /// The output now (0…1), then moves `samples` on.
    mutating func next(advancing samples: Int) -> Double {
        let output = stage == .attack ? Self.convex(value) : value
        advance(samples)
        return output
    }

    mutating func release() {
        guard stage != .finished else { return }
        // Continue the release from the level the convex attack had reached, not its input.
        if stage == .attack { value = Self.convex(value) }
        stage = .release
    }

    private mutating func advance(_ samples: Int) {
        let n = Double(samples)
        switch stage {
        case .delay:
            remaining -= samples
            if remaining <= 0 { stage = .attack }
        case .attack:
            value += attackStep * n
            if value >= 1 { value = 1; stage = .hold; remaining = holdSamples }
        case .hold:
            remaining -= samples
            if remaining <= 0 { stage = .decay }
        case .decay:
            value -= decayStep * n
            if value <= sustainLevel { value = sustainLevel; stage = .sustain }
        case .sustain, .finished:
            break
        case .release:
            value -= releaseStep * n
            if value <= 0 { value = 0; stage = .finished }
        }
    }

    /// The spec's convex curve, as FluidSynth tabulates it: 1 + (5/12)·log10(x), floored at 0,
    /// i.e. the concave velocity curve mirrored (its 96 dB range mapped onto 0…1).
    private static func convex(_ x: Double) -> Double {
        x <= 0 ? 0 : max(0, 1 + 5.0 / 12 * log10(x))
    }
}
