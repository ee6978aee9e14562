import Foundation
import StudioSoundFont
import Testing
@testable import StudioEngine

/// Voice stealing past the polyphony cap, and the optional velocity → cutoff modulator.
@Suite struct PolyphonyTests {
    static let rate = 48_000.0

    /// Plays `notes` on slow strings through a part renderer, mono.
    static func play(_ notes: [NoteEvent], polyphony: Int?, seconds: Double) throws -> [Float] {
        let font = try SoundFont.open(path: SampledInstrumentTests.path)
        let strings = SampledInstrument(soundFont: font, bank: 0, program: 49, polyphony: polyphony)
        let renderer = PartRenderer(part: Part(name: "strings", stem: .harmony, instrument: strings, notes: notes),
                                    sampleRate: rate, blockCapacity: 4096)
        var output: [Float] = []
        var start = 0
        let total = Int(seconds * rate)
        while start < total {
            let frames = min(4096, total - start)
            renderer.render(start: start, frames: frames)
            for i in 0..<frames { output.append((renderer.left[i] + renderer.right[i]) / 2) }
            start += frames
        }
        return output
    }

    static func level(_ audio: [Float], at frequency: Double, from: Double, to: Double) -> Double {
        SignalAnalysis.amplitude(of: Array(audio[Int(from * rate)..<Int(to * rate)]), at: frequency, sampleRate: rate)
    }

    @Test func pastTheCapTheOldestHeldNoteIsStolen() throws {
        // C4 held for 4 s; four notes an octave and more above it start at 0.5 s.
        let notes = [NoteEvent(start: 0, duration: 4, pitch: 60, velocity: 0.8)]
            + (72...75).map { NoteEvent(start: 0.5, duration: 3, pitch: $0, velocity: 0.8) }
        let free = try Self.play(notes, polyphony: nil, seconds: 1.6)
        let capped = try Self.play(notes, polyphony: 4, seconds: 1.6)
        let c4 = 261.63
        let before = Self.level(capped, at: c4, from: 0.2, to: 0.45)
        let freeLater = Self.level(free, at: c4, from: 1.0, to: 1.5), cappedLater = Self.level(capped, at: c4, from: 1.0, to: 1.5)
        #expect(before > 0.001, "C4 sounds before the cap is reached")
        #expect(freeLater > before * 0.3, "without a cap C4 keeps sounding: \(freeLater) vs \(before)")
        #expect(cappedLater < freeLater * 0.01, "with four voices C4 was stolen: \(cappedLater) vs \(freeLater)")
        // The four new notes all sound.
        for pitch in 72...75 {
            let frequency = 440 * pow(2, Double(pitch - 69) / 12)
            #expect(Self.level(capped, at: frequency, from: 1.0, to: 1.5) > 0.001, "\(pitch) sounds")
        }
        // The steal is a fade, not a cut: no sample-to-sample jump near 0.5 s beyond the music's own.
        let steps = zip(capped.dropFirst(), capped).map { abs($0 - $1) }
        let around = steps[Int(0.49 * Self.rate)..<Int(0.52 * Self.rate)].max() ?? 0
        let elsewhere = steps[Int(1.0 * Self.rate)..<Int(1.5 * Self.rate)].max() ?? 0
        #expect(around <= elsewhere * 2, "the stolen voice clicks: step \(around) against \(elsewhere)")
    }

    @Test func aReleasedNoteIsStolenBeforeAHeldOne() throws {
        // With room for two voices: C4 released at 0.2 s (still ringing), E4 held, G4 arrives.
        let notes = [NoteEvent(start: 0, duration: 0.2, pitch: 60, velocity: 0.8),
                     NoteEvent(start: 0, duration: 4, pitch: 64, velocity: 0.8),
                     NoteEvent(start: 0.25, duration: 3, pitch: 67, velocity: 0.8)]
        let free = try Self.play(notes, polyphony: nil, seconds: 1.2)
        let capped = try Self.play(notes, polyphony: 2, seconds: 1.2)
        let e4 = 329.63, c4 = 261.63
        #expect(Self.level(free, at: c4, from: 0.3, to: 0.45) > Self.level(capped, at: c4, from: 0.3, to: 0.45) * 3,
                "the released C4 was the one stolen")
        let held = Self.level(capped, at: e4, from: 0.8, to: 1.1), unlimited = Self.level(free, at: e4, from: 0.8, to: 1.1)
        #expect(abs(held - unlimited) < unlimited * 0.05, "the held E4 kept sounding: \(held) vs \(unlimited)")
    }

    @Test func velocityToFilterDarkensSoftNotesOnlyWhenAskedFor() throws {
        let font = try SoundFont.open(path: SampledInstrumentTests.path)
        func render(velocity: Float, modulated: Bool) -> [Float] {
            let piano = SampledInstrument(soundFont: font, bank: 0, program: 0, velocityToFilter: modulated)
            let voice = piano.makeVoice(for: NoteEvent(start: 0, duration: 0.5, pitch: 60, velocity: velocity), pan: 0,
                                        sampleRate: Float(Self.rate))
            var left = [Float](repeating: 0, count: 24_000), right = left
            left.withUnsafeMutableBufferPointer { l in
                right.withUnsafeMutableBufferPointer { r in _ = voice.render(left: l.baseAddress!, right: r.baseAddress!, frames: 24_000) }
            }
            return zip(left, right).map { $0 + $1 }
        }
        let plain = render(velocity: 0.3, modulated: false), dark = render(velocity: 0.3, modulated: true)
        let partial = 261.63 * 16
        let plainHigh = Self.level(plain, at: partial, from: 0.05, to: 0.3), darkHigh = Self.level(dark, at: partial, from: 0.05, to: 0.3)
        #expect(darkHigh < plainHigh * 0.7, "the sixteenth partial is quieter at velocity 38 with the modulator: \(darkHigh) vs \(plainHigh)")
        #expect(render(velocity: 1, modulated: true) == render(velocity: 1, modulated: false), "full velocity is unfiltered")
    }
}
