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
    private var remaining: Int
    init(note: NoteEvent, sampleRate: Float) {
        remaining = max(1, Int((note.duration * Double(sampleRate)).rounded()))
    }

    /// True exactly once: on the sample where the key is let go.
    @inline(__always)
    mutating func releasesNow() -> Bool {
        remaining -= 1
        return remaining == 0
    }
}
