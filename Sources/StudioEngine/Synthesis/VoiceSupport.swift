import Foundation

/// Frequency in Hz of a MIDI note (A4 = 69 = 440 Hz, equal temperament).
@inline(__always)
func frequency(ofMIDINote note: Int) -> Float {
    440 * powf(2, Float(note - 69) / 12)
}

/// Loudness from velocity: a gentle curve, so soft notes are soft but still heard.
@inline(__always)
func amplitude(forVelocity velocity: Float) -> Float {
    let v = min(1, max(0, velocity))
    return v * (0.4 + 0.6 * v)
}

/// Counts down a note's held length and tells the voice when to release.
struct Gate {
    /// Samples left until the key is let go (0 once it has been).
    private(set) var remaining: Int
    init(note: NoteEvent, sampleRate: Float) {
        remaining = max(1, Int((note.duration * Double(sampleRate)).rounded()))
    }

    /// True exactly once: on the sample where the key is let go.
    @inline(__always)
    mutating func releasesNow() -> Bool {
        remaining -= 1
        return remaining == 0
    }

    /// Moves `frames` samples on without releasing; the caller stops one sample short of it.
    mutating func advance(by frames: Int) { remaining -= frames }
}

extension Envelope {
    /// False once a released note has fallen 60 dB: from there on it is masked by whatever
    /// plays next, so its voice can stop and free the time it would cost.
    var isAudible: Bool {
        switch stage {
        case .finished: false
        case .release: level >= 0.001
        default: true
        }
    }
}

/// An ADSR evaluated at a control rate of one point per 16 samples and ramped linearly between
/// points: inaudibly different from a per-sample envelope (3 kHz control rate), and a third of
/// the cost in voices where the envelope is the largest per-sample expense after the oscillators.
struct RampedEnvelope {
    static let period = 16
    private var envelope: Envelope
    private var value: Float = 0
    private var step: Float = 0
    private var remaining = 0

    init(_ envelope: Envelope) { self.envelope = envelope }

    @inline(__always)
    mutating func next() -> Float {
        if remaining == 0 {
            let target = envelope.advance(Self.period)
            step = (target - value) / Float(Self.period)
            remaining = Self.period
        }
        remaining -= 1
        value += step
        return value
    }

    /// Releases from where the ramp is now; the next sample plans a new segment.
    mutating func noteOff() {
        envelope.noteOff()
        remaining = 0
    }

    var isAudible: Bool { envelope.isAudible || value >= 0.001 }
}
