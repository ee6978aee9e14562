import Foundation
import StudioSoundFont

/// The SoundFont volume envelope: delay, a linear attack, hold, a decay that falls linearly in
/// decibels towards the sustain level, and a release that falls linearly in decibels from
/// wherever it starts.
///
/// The decibel stages follow FluidSynth rather than the letter of the spec, because FluidR3 (and
/// most free fonts) were voiced by ear on FluidSynth: a stage's time is for a fall over the
/// envelope's whole 96 dB range (the spec says 100 dB), sustain is read as 0.1 % steps of that
/// range (so 100 cB of sustain is 9.6 dB down), the envelope ends at −96 dB, and a release is
/// never shorter than 2⁻⁶ s (FluidSynth's floor against clicks when a note is cut).
struct SampleEnvelope {
    private enum Stage { case delay, attack, hold, decay, sustain, release, finished }
    private var stage = Stage.delay
    private var level: Float = 0
    private var remaining: Int
    private let attackSamples: Int, holdSamples: Int
    private let decayFactor: Float, releaseFactor: Float, sustainLevel: Float
    private var releaseStep: Float
    private let sampleRate: Float

    /// The bottom of the envelope's range: −96 dB, where FluidSynth ends a voice.
    static let floor: Float = 0x1.09e6a4p-16 // 10^(−96/20)

    /// Per-sample factor for a fall over the full 96 dB in `seconds`.
    private static func fallFactor(seconds: Double, sampleRate: Float) -> Float {
        Float(pow(10, -4.8 / max(1, seconds * Double(sampleRate))))
    }

    /// The spec's shortest delay, −12000 timecents (≈ 1 ms), is also its default, and means
    /// "none": FluidSynth starts such notes at once (it counts delays in whole 64-sample blocks,
    /// and a millisecond is less than one), and so do we.
    static func delaySamples(_ seconds: Double, sampleRate: Float) -> Int {
        seconds <= 0x1p-10 ? 0 : Int(seconds * Double(sampleRate))
    }

    /// `delayed: false` starts at the attack: the caller keeps the delay itself (`SampleLayer`
    /// holds the sample still through it, as FluidSynth does).
    init(_ envelope: SoundFontVolumeEnvelope, sampleRate: Float, delayed: Bool = true) {
        self.sampleRate = sampleRate
        remaining = delayed ? Self.delaySamples(envelope.delay, sampleRate: sampleRate) : 0
        attackSamples = max(1, Int(envelope.attack * Double(sampleRate)))
        holdSamples = Int(envelope.hold * Double(sampleRate))
        sustainLevel = Float(pow(10, -min(960, max(0, 0.96 * envelope.sustain)) / 200))
        decayFactor = Self.fallFactor(seconds: envelope.decay, sampleRate: sampleRate)
        releaseFactor = Self.fallFactor(seconds: max(envelope.release, 0x1p-6), sampleRate: sampleRate)
        releaseStep = releaseFactor
        if remaining == 0 { stage = .attack; remaining = attackSamples }
    }

    var isFinished: Bool { stage == .finished }

    mutating func release() {
        guard stage != .finished else { return }
        stage = .release
    }

    mutating func choke() {
        guard stage != .finished else { return }
        stage = .release
        releaseStep = min(releaseFactor, Self.fallFactor(seconds: 0.005, sampleRate: sampleRate))
    }

    @inline(__always)
    mutating func next() -> Float {
        switch stage {
        case .delay:
            remaining -= 1
            if remaining <= 0 { stage = .attack; remaining = attackSamples }
        case .attack:
            remaining -= 1
            level = 1 - Float(remaining) / Float(attackSamples)
            if remaining <= 0 { level = 1; stage = .hold; remaining = holdSamples }
        case .hold:
            remaining -= 1
            if remaining <= 0 { stage = .decay }
        case .decay:
            level *= decayFactor
            if level <= sustainLevel { level = sustainLevel; stage = .sustain }
            if level <= Self.floor { level = 0; stage = .finished }
        case .sustain:
            break
        case .release:
            level *= releaseStep
            if level <= Self.floor { level = 0; stage = .finished }
        case .finished:
            level = 0
        }
        return level
    }
}
