import Foundation
import StudioSoundFont

/// The SoundFont volume envelope: delay, a linear attack, hold, a decay that falls linearly in
/// decibels towards the sustain level, and a release that falls linearly in decibels from
/// wherever it starts. Times are the spec's: the decay and release times are for a fall of
/// 100 dB, so a 1 s decay to a −20 dB sustain takes 0.2 s.
struct SampleEnvelope {
    private enum Stage { case delay, attack, hold, decay, sustain, release, finished }
    private var stage = Stage.delay
    private var level: Float = 0
    private var remaining: Int
    private let attackSamples: Int, holdSamples: Int
    private let decayFactor: Float, releaseFactor: Float, sustainLevel: Float
    private var releaseStep: Float
    private let sampleRate: Float

    init(_ envelope: SoundFontVolumeEnvelope, sampleRate: Float) {
        self.sampleRate = sampleRate
        remaining = Int(envelope.delay * Double(sampleRate))
        attackSamples = max(1, Int(envelope.attack * Double(sampleRate)))
        holdSamples = Int(envelope.hold * Double(sampleRate))
        sustainLevel = Float(envelope.sustainLevel)
        // 100 dB over the stage's time, as a per-sample factor.
        decayFactor = Float(pow(10, -5 / max(1e-4, envelope.decay * Double(sampleRate))))
        releaseFactor = Float(pow(10, -5 / max(1e-4, envelope.release * Double(sampleRate))))
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
        releaseStep = min(releaseFactor, Float(pow(10, -5 / Double(0.005 * sampleRate))))
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
            if level < 1e-5 { level = 0; stage = .finished }
        case .sustain:
            break
        case .release:
            level *= releaseStep
            if level < 1e-5 { level = 0; stage = .finished }
        case .finished:
            level = 0
        }
        return level
    }
}
