import StudioCore
import StudioMIDI
import StudioSoundFont

/// A MIDI file turned into a score our renderer plays: one part per channel, preset and pan,
/// each a sampled instrument from the SoundFont, with the channel's volume and expression as
/// the part's gain ride and its pitch bend steering the voices.
///
/// The conversion is where MIDI's performance rules live: notes take the program (and bank)
/// in force at their note-on; channel 10 plays drum kits (SoundFont bank 128); a note-off
/// under the sustain pedal waits for the pedal to come up; a key struck again while it still
/// sounds ends the earlier note, as on a piano; notes still held at the end of the file end
/// there.
public struct MIDIPerformance: Sendable {
    public var score: Score
    /// Presets the file asked for that the SoundFont lacks even after the usual fallbacks
    /// (bank 0 for melodic sounds, kit 0 for drums), e.g. "bank 0 program 81 (channel 4)".
    public var missingPresets: [String]
    /// Notes that play (notes on missing presets are not counted).
    public var noteCount: Int { score.noteCount }

    /// Release tails after the last event: long enough for a piano or a cymbal to fade, and,
    /// with effects, for the reverb to die away under the closing fade.
    static let dryTail = 1.5
    static let effectsTail = 3.0

    public init(file: MIDIFile, soundFont: SoundFont, effects: Bool) {
        var builder = MIDIPerformanceBuilder(soundFont: soundFont)
        let timeline = file.timeline
        for item in timeline.events { builder.apply(item.event, at: item.seconds) }
        builder.endAll(at: timeline.duration)
        missingPresets = builder.missing
        let end = max(timeline.duration, builder.lastNoteEnd)
        let duration = end + (effects ? Self.effectsTail : Self.dryTail)
        var parts: [Part] = []
        // Pan 64 is the centre; 0 and 127 are the edges (0 reaches −1 a step early, clamped).
        for key in builder.partOrder {
            let instrument = SampledInstrument(soundFont: soundFont, bank: key.bank, program: key.program)
            let bend = builder.bendCurves[key.channel]
            let gain = builder.gainCurves[key.channel]
            let reverb = builder.partReverb[key] ?? 0
            parts.append(Part(
                name: "ch\(key.channel + 1) \(key.bank):\(key.program)", stem: key.channel == 9 ? .drums : .melody,
                instrument: bend.isConstant && bend.last == 0 ? instrument : BendingInstrument(base: instrument, bend: bend),
                notes: builder.partNotes[key] ?? [], gain: gain.isConstant ? Float(gain.last) : 1,
                pan: max(-1, min(1, Float(key.pan - 64) / 63)), reverbSend: effects ? Float(reverb) / 127 * 0.5 : 0, delaySend: 0,
                ride: gain.ride))
        }
        // The opening tempo, for the report only: nothing downstream depends on it.
        var tempo = 120.0
        if case .ticksPerQuarter(let ppq) = file.division, let first = file.tempoMap.segments.first {
            tempo = 60 / (first.secondsPerTick * Double(ppq))
        }
        score = Score(
            duration: duration, tempo: tempo, key: MusicalKey(tonic: 0, mode: .major),
            form: Form(tempo: tempo, sections: []), parts: parts,
            space: SpaceSettings(reverbSeconds: 1.8, reverbDamping: 0.5, preDelay: 0.015, delaySeconds: 0.3,
                                 delayFeedback: 0, reverbReturn: effects ? 1 : 0),
            fadeIn: 0, fadeOut: effects ? 0.5 : 0)
    }
}

/// The mutable state of the conversion: channel controllers, sounding notes, finished notes.
struct MIDIPerformanceBuilder {
    /// What makes notes belong to one part: same channel, same preset, same pan.
    struct PartKey: Hashable {
        var channel: Int, bank: Int, program: Int, pan: Int
    }

    private struct SoundingNote {
        var part: PartKey
        var start: Double
        var velocity: Int
        /// Its note-off came while the pedal was down: it ends when the pedal comes up.
        var held = false
    }

    let soundFont: SoundFont
    private var channels = Array(repeating: MIDIChannelState(), count: 16)
    /// Per channel, key → the note sounding on it.
    private var sounding = Array(repeating: [Int: SoundingNote](), count: 16)
    private(set) var partOrder: [PartKey] = []
    private(set) var partNotes: [PartKey: [NoteEvent]] = [:]
    private(set) var partReverb: [PartKey: Int] = [:]
    private(set) var gainCurves: [StepCurve]
    private(set) var bendCurves = Array(repeating: StepCurve(initial: 0), count: 16)
    private(set) var missing: [String] = []
    private(set) var lastNoteEnd = 0.0

    init(soundFont: SoundFont) {
        self.soundFont = soundFont
        gainCurves = Array(repeating: StepCurve(initial: MIDIChannelState().gain), count: 16)
    }

    mutating func apply(_ event: MIDIEvent, at time: Double) {
        switch event {
        case .noteOn(let channel, let key, let velocity):
            noteOn(channel: channel, key: key, velocity: velocity, at: time)
        case .noteOff(let channel, let key, _):
            if channels[channel].sustain {
                sounding[channel][key]?.held = true
            } else {
                end(channel: channel, key: key, at: time)
            }
        case .controlChange(let channel, let controller, let value):
            control(channel: channel, controller: controller, value: value, at: time)
        case .programChange(let channel, let program):
            channels[channel].program = program
        case .pitchBend(let channel, let value):
            channels[channel].bendValue = value
            bendCurves[channel].set(channels[channel].bendSemitones, at: time)
        case .polyPressure, .channelPressure, .tempo, .meta:
            break
        }
    }

    private mutating func noteOn(channel: Int, key: Int, velocity: Int, at time: Double) {
        end(channel: channel, key: key, at: time)
        let state = channels[channel]
        guard let (bank, program) = preset(channel: channel, state: state) else { return }
        let part = PartKey(channel: channel, bank: bank, program: program, pan: state.pan)
        if partNotes[part] == nil {
            partOrder.append(part)
            partNotes[part] = []
            partReverb[part] = state.reverb
        }
        sounding[channel][key] = SoundingNote(part: part, start: time, velocity: velocity)
    }

    /// The preset a note plays: the channel's bank and program, falling back to bank 0 (GS and
    /// XG variation banks) or, on the drum channel, to the standard kit; nil if even that is missing.
    private mutating func preset(channel: Int, state: MIDIChannelState) -> (Int, Int)? {
        let wanted = channel == 9 ? (128, state.program) : (state.bank, state.program)
        let fallback = channel == 9 ? (128, 0) : (0, state.program)
        for (bank, program) in [wanted, fallback] where soundFont.preset(bank: bank, program: program) != nil {
            return (bank, program)
        }
        let name = "bank \(wanted.0) program \(wanted.1) (channel \(channel + 1))"
        if !missing.contains(name) { missing.append(name) }
        return nil
    }

    private mutating func control(channel: Int, controller: Int, value: Int, at time: Double) {
        switch controller {
        case 0: channels[channel].bank = value
        case 7: channels[channel].volume = value
        case 10: channels[channel].pan = value
        case 11: channels[channel].expression = value
        case 91: channels[channel].reverb = value
        case 64:
            let down = value >= 64
            channels[channel].sustain = down
            if !down { releaseHeld(channel: channel, at: time) }
        case 101: channels[channel].rpn.msb = value
        case 100: channels[channel].rpn.lsb = value
        case 6, 38:
            channels[channel].dataEntry(controller: controller, value: value)
            bendCurves[channel].set(channels[channel].bendSemitones, at: time)
        case 120:  // All Sound Off: silence now, pedal or not.
            for key in Array(sounding[channel].keys) { end(channel: channel, key: key, at: time) }
        case 121:
            channels[channel].resetControllers()
            releaseHeld(channel: channel, at: time)
            bendCurves[channel].set(0, at: time)
        case 123:  // All Notes Off: as a note-off for every key, so the pedal still holds them.
            for key in Array(sounding[channel].keys) {
                if channels[channel].sustain { sounding[channel][key]?.held = true } else { end(channel: channel, key: key, at: time) }
            }
        default: break
        }
        gainCurves[channel].set(channels[channel].gain, at: time)
    }

    private mutating func releaseHeld(channel: Int, at time: Double) {
        for (key, note) in sounding[channel] where note.held { end(channel: channel, key: key, at: time) }
    }

    private mutating func end(channel: Int, key: Int, at time: Double) {
        guard let note = sounding[channel].removeValue(forKey: key) else { return }
        // A note-on and note-off at the same tick still sound: a millisecond, as hardware would.
        let duration = max(0.001, time - note.start)
        partNotes[note.part, default: []].append(
            NoteEvent(start: note.start, duration: duration, pitch: key, velocity: Float(note.velocity) / 127))
        lastNoteEnd = max(lastNoteEnd, note.start + duration)
    }

    /// Ends every note still sounding (held keys and pedalled notes alike) at the end of the file.
    mutating func endAll(at time: Double) {
        for channel in 0..<16 {
            for key in Array(sounding[channel].keys).sorted() { end(channel: channel, key: key, at: time) }
        }
    }
}
