/// Anything that can play a note: a synthesised voice now, a SoundFont preset later.
///
/// The renderer asks an instrument for one `Voice` per note and then only talks to voices, so
/// synthesised and sampled instruments mix in one arrangement without special cases.
public protocol Instrument: Sendable {
    /// A voice that plays `note` from its start, panned to `pan` (−1…1), at `sampleRate`.
    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice

    /// Notes in the same exclusive group cut each other off, as a closed hi-hat chokes an open
    /// one (SoundFont calls this the exclusive class). Nil for notes that ring freely.
    func exclusiveGroup(of pitch: Int) -> Int?

    /// The most voices it sounds at once; past it, a new note steals a voice. Nil: no limit
    /// (the synthesised instruments, whose scores never pile up notes).
    var polyphony: Int? { get }

    /// The General MIDI sound a MIDI export names for this instrument: its own preset when it is
    /// sampled from a GM SoundFont, the nearest GM program when it is synthesised
    /// (`GeneralMIDIPatches.swift` holds the table). No default, so a new instrument cannot be
    /// added without deciding what it is in a MIDI file.
    var generalMIDI: GeneralMIDIPatch { get }
}

extension Instrument {
    public func exclusiveGroup(of pitch: Int) -> Int? { nil }
    public var polyphony: Int? { nil }
}

extension Voice {
    /// Instruments without exclusive groups never have their voices choked.
    public func choke() {}
}

/// One sounding note. Voices are owned by one part renderer and used by one thread at a time.
public protocol Voice: AnyObject {
    /// Adds the next `frames` samples into `left` and `right`. Returns false once the voice is
    /// silent for good, so that the renderer can drop it.
    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool

    /// Fades out within a few milliseconds: another note of its exclusive group has started.
    func choke()
}

/// Constant-power pan gains for −1…1.
@inline(__always)
func panGains(_ pan: Float) -> (left: Float, right: Float) {
    let angle = (min(1, max(-1, pan)) + 1) * 0.25 * Float.pi
    return (cosf(angle), sinf(angle))
}

import Foundation
