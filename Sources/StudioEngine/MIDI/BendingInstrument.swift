import Foundation

/// A sampled instrument whose voices follow a MIDI channel's pitch bend while they sound.
///
/// The bend is a step curve in semitones shared by every note of the channel. A voice renders
/// in slices cut at each bend change (to the sample), setting its pitch ratio before each
/// slice, so a held note glides through a bend exactly as the MIDI file steps it, and a note
/// that starts under a bend starts bent.
struct BendingInstrument: Instrument {
    let base: SampledInstrument
    /// Semitones over time, seconds from the start of the piece.
    let bend: StepCurve

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        let voice = base.makeSampleVoice(for: note, pan: pan, sampleRate: sampleRate)
        if bend.isConstant && bend.last == 0 { return voice }
        return BendingVoice(voice: voice, bend: bend, start: note.start, sampleRate: Double(sampleRate))
    }

    func exclusiveGroup(of pitch: Int) -> Int? { base.exclusiveGroup(of: pitch) }
    var polyphony: Int? { base.polyphony }
}

/// One note of a `BendingInstrument`: a `SampleVoice` steered slice by slice.
final class BendingVoice: Voice {
    private let voice: SampleVoice
    private let bend: StepCurve
    private let sampleRate: Double
    /// The output frame the next render starts at, counted from the start of the piece.
    private var frame: Int
    private var semitones = 0.0

    init(voice: SampleVoice, bend: StepCurve, start: Double, sampleRate: Double) {
        self.voice = voice
        self.bend = bend
        self.sampleRate = sampleRate
        frame = Int((start * sampleRate).rounded())
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var done = 0
        var sounding = true
        while done < frames && sounding {
            // A change at time t takes effect on frame round(t × rate): look half a frame ahead.
            let (value, next) = bend.segment(at: (Double(frame) + 0.5) / sampleRate)
            if value != semitones {
                semitones = value
                voice.pitchRatio = pow(2, value / 12)
            }
            var count = frames - done
            if next.isFinite { count = min(count, max(1, Int((next * sampleRate).rounded()) - frame)) }
            sounding = voice.render(left: left + done, right: right + done, frames: count)
            done += count
            frame += count
        }
        return sounding
    }

    func choke() { voice.choke() }
}
