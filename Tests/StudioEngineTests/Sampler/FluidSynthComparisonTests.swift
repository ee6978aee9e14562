import Foundation
import StudioAudio
import StudioSoundFont
import Testing
@testable import StudioEngine

/// Our SoundFont player against Debian's FluidSynth on the same FluidR3_GM notes (issue #3).
///
/// FluidSynth is the reference because it is what the font was tuned on and what most people
/// hear it through. Both sides render at 44.1 kHz with no reverb or chorus; FluidSynth plays a
/// MIDI file written from the same note list, our player renders the same notes through
/// `SampledInstrument`. Each test prints its measured figures, so a run can be quoted.
@Suite struct FluidSynthComparisonTests {
    static let soundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
    static let sampleRate = 44_100
    static let velocity = 100
    /// Every single note is held for a second and gets a 3 s slot (the longest, the strings'
    /// release, is over after 2.1 s), so no note's tail reaches the next one's slot.
    static let held = 1.0, slot = 3.0, lead = 0.5
    /// The loop test's note: a string pad held for 4 s, last on the timeline.
    static let loopHeld = 4.0, loopSlot = 7.0

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String, bank: Int, program: Int, channel: Int, key: Int, pitched: Bool
        var testDescription: String { "\(name) key \(key)" }
    }

    /// Five octaves of C for each pitched instrument, within its range; three drum keys.
    static let cases: [Case] = {
        func pitched(_ name: String, _ program: Int, _ channel: Int, _ keys: [Int]) -> [Case] {
            keys.map { Case(name: name, bank: 0, program: program, channel: channel, key: $0, pitched: true) }
        }
        return pitched("piano", 0, 0, [36, 48, 60, 72, 84]) + pitched("e-piano", 4, 1, [36, 48, 60, 72, 84])
            + pitched("finger bass", 33, 2, [24, 36, 48, 60, 72]) + pitched("strings", 48, 3, [36, 48, 60, 72, 84])
            + [("kick", 36), ("snare", 38), ("closed hat", 42)].map {
                Case(name: $0.0, bank: 128, program: 0, channel: 9, key: $0.1, pitched: false)
            }
    }()

    static let loopCase = Case(name: "strings (held)", bank: 0, program: 48, channel: 3, key: 60, pitched: true)

    static func start(of index: Int) -> Double { lead + Double(index) * slot }

    /// FluidSynth's render of every case and then the held note, made once for all tests.
    static let reference: Result<(left: [Float], right: [Float]), any Error> = Result {
        var notes = cases.enumerated().map { index, c in
            MIDINote(channel: c.channel, key: c.key, velocity: velocity, start: start(of: index), duration: held)
        }
        notes.append(MIDINote(channel: loopCase.channel, key: loopCase.key, velocity: velocity,
                              start: start(of: cases.count), duration: loopHeld))
        let midi = StandardMIDIFile.make(programs: [(0, 0), (1, 4), (2, 33), (3, 48)], notes: notes, tail: loopSlot)
        return try FluidSynth.render(midi: midi, soundFont: soundFont, sampleRate: sampleRate, gain: 1)
    }

    /// FluidSynth's audio for the slot starting at `start` seconds.
    static func theirs(from start: Double, seconds: Double) throws -> RenderedNote {
        let all = try reference.get()
        let a = Int(start * Double(sampleRate)), b = min(all.left.count, a + Int(seconds * Double(sampleRate)))
        guard b > a else { throw FluidSynth.Failed(description: "fluidsynth's render ends before \(start) s") }
        return RenderedNote(left: Array(all.left[a..<b]), right: Array(all.right[a..<b]), sampleRate: Double(sampleRate))
    }

    /// Our player's render of one note from time zero, through `SampledInstrument` like an engine.
    static func ours(_ c: Case, held: Double, seconds: Double) throws -> RenderedNote {
        let font = try SoundFont.open(path: soundFont)
        let instrument = SampledInstrument(soundFont: font, bank: c.bank, program: c.program)
        let note = NoteEvent(start: 0, duration: held, pitch: c.key, velocity: Float(velocity) / 127)
        let voice = instrument.makeVoice(for: note, pan: 0, sampleRate: Float(sampleRate))
        let frames = Int(seconds * Double(sampleRate))
        var left = [Float](repeating: 0, count: frames), right = left
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                var done = 0
                while done < frames {
                    let n = min(512, frames - done)
                    _ = voice.render(left: l.baseAddress! + done, right: r.baseAddress! + done, frames: n)
                    done += n
                }
            }
        }
        return RenderedNote(left: left, right: right, sampleRate: Double(sampleRate))
    }

    @Test(arguments: cases.indices)
    func singleNoteMatchesFluidSynth(index: Int) throws {
        let c = Self.cases[index]
        let theirs = try Self.theirs(from: Self.start(of: index), seconds: Self.slot)
        let ours = try Self.ours(c, held: Self.held, seconds: Self.slot)
        let rate = Double(Self.sampleRate)
        let (ourOnset, theirOnset) = (ours.onset, theirs.onset)
        // FLUID_DUMP=/some/dir keeps both renders (interleaved stereo 32-bit floats) for a
        // closer look when a figure moves; nothing is written otherwise.
        if let dump = ProcessInfo.processInfo.environment["FLUID_DUMP"] {
            for (tag, n) in [("ours", ours), ("theirs", theirs)] {
                let data = zip(n.left, n.right).flatMap { [$0, $1] }.withUnsafeBufferPointer { Data(buffer: $0) }
                try data.write(to: URL(fileURLWithPath: "\(dump)/\(c.program)-\(c.key)-\(tag).f32"))
            }
        }

        var pitchText = "     –"
        var cents = 0.0
        if c.pitched {
            // Steady part of the note: from 0.1 s after the onset, before the note-off at 1 s.
            let offset = Int(0.1 * rate), n = NoteSpectrum.pitchWindow
            let theirSpectrum = NoteSpectrum.hannMagnitudes(theirs.mid(from: theirOnset + offset, count: n))
            let ourSpectrum = NoteSpectrum.hannMagnitudes(ours.mid(from: ourOnset + offset, count: n))
            let nominal = 440 * pow(2, Double(c.key - 69) / 12)
            let h = NoteSpectrum.strongestHarmonic(theirSpectrum, nominal: nominal, sampleRate: rate)
            let theirF0 = NoteSpectrum.peak(in: theirSpectrum, near: Double(h) * nominal, sampleRate: rate).frequency / Double(h)
            let ourF0 = NoteSpectrum.peak(in: ourSpectrum, near: Double(h) * nominal, sampleRate: rate).frequency / Double(h)
            cents = 1200 * log2(ourF0 / theirF0)
            pitchText = String(format: "%8.3f Hz vs %8.3f Hz (h%d) %+6.2f ct", ourF0, theirF0, h, cents)
        }
        let bands = NoteSpectrum.bandDifference(ours: NoteSpectrum.bandPowers(ours, from: ourOnset),
                                                theirs: NoteSpectrum.bandPowers(theirs, from: theirOnset))
        let durationDifference = ours.duration - theirs.duration
        let label = c.name.padding(toLength: 11, withPad: " ", startingAt: 0)
        print("FluidSynth comparison | \(label) key \(c.key) | " + pitchText
              + String(format: " | bands %5.2f dB RMS | lasts %.3f s vs %.3f s (%+4.0f ms)",
                       bands.rms, ours.duration, theirs.duration, durationDifference * 1000))
        print("  band diffs (dB):", bands.diffs.map { String(format: "%+.1f", $0) }.joined(separator: " "))

        if c.pitched {
            #expect(abs(cents) <= 5, "\(c.name) key \(c.key): fundamental \(cents) cents from FluidSynth's")
        }
        #expect(bands.rms <= 3, "\(c.name) key \(c.key): 1/3-octave bands differ by \(bands.rms) dB RMS")
        #expect(abs(durationDifference) <= 0.05,
                "\(c.name) key \(c.key): lasts \(ours.duration) s, FluidSynth \(theirs.duration) s")
    }

    /// A held string note plays its loop many times over four seconds; a discontinuity at the
    /// seam would show as a sample-to-sample step far above the waveform's own. FluidSynth's
    /// render of the same note sets the bar, since its steps include the samples' real content.
    @Test func heldStringLoopHasNoClicks() throws {
        let c = Self.loopCase
        let theirs = try Self.theirs(from: Self.start(of: Self.cases.count), seconds: Self.loopSlot)
        let ours = try Self.ours(c, held: Self.loopHeld, seconds: Self.loopSlot)
        // After the attack (0.5 s) until just before the note-off.
        let rate = Double(Self.sampleRate)
        let ourRange = (ours.onset + Int(0.5 * rate))..<(ours.onset + Int((Self.loopHeld - 0.05) * rate))
        let theirRange = (theirs.onset + Int(0.5 * rate))..<(theirs.onset + Int((Self.loopHeld - 0.05) * rate))
        let ourStep = ours.largestStep(in: ourRange), theirStep = theirs.largestStep(in: theirRange)
        let ratio = ourStep / theirStep
        print(String(format: "FluidSynth comparison | loop: largest step %.3f × RMS vs FluidSynth %.3f × RMS, ratio %.2f",
                     ourStep, theirStep, ratio))
        #expect(ratio <= 2, "largest step \(ourStep) × RMS against FluidSynth's \(theirStep) × RMS")
    }
}
