import Foundation
import StudioAudio
import StudioSoundFont
import Testing
@testable import StudioEngine

/// The sample player on Debian's FluidR3_GM (installed by `make test`): pitch, length, loops
/// and exclusive classes. The comparison with FluidSynth itself is `FluidSynthComparisonTests`.
@Suite(.serialized) struct SampledInstrumentTests {
    static let path = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    /// Renders one note alone into a mono buffer at 48 kHz.
    static func render(bank: Int = 0, program: Int, pitch: Int, velocity: Float = 0.8, seconds: Double,
                       held: Double) throws -> [Float] {
        let font = try SoundFont.open(path: path)
        let instrument = SampledInstrument(soundFont: font, bank: bank, program: program)
        let note = NoteEvent(start: 0, duration: held, pitch: pitch, velocity: velocity)
        let voice = instrument.makeVoice(for: note, pan: 0, sampleRate: 48_000)
        let frames = Int(seconds * 48_000)
        var left = [Float](repeating: 0, count: frames), right = left
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                var done = 0
                while done < frames {
                    let n = min(1000, frames - done)
                    _ = voice.render(left: l.baseAddress! + done, right: r.baseAddress! + done, frames: n)
                    done += n
                }
            }
        }
        return zip(left, right).map { ($0 + $1) / 2 }
    }

    /// The frequency of the strongest spectral peak, refined by parabolic interpolation.
    static func fundamental(_ x: [Float], from: Int, near expected: Double) -> Double {
        let size = 16384
        var spectrum = MagnitudeSpectrum(size: size)
        var magnitudes = [Float](repeating: 0, count: spectrum.binCount)
        let frame = Array(x[from..<(from + size)])
        frame.withUnsafeBufferPointer { f in
            magnitudes.withUnsafeMutableBufferPointer { spectrum.compute(frame: f.baseAddress!, into: $0.baseAddress!) }
        }
        let binWidth = 48_000.0 / Double(size)
        let lo = Int(expected / 1.06 / binWidth), hi = Int(expected * 1.06 / binWidth)
        let peak = (lo...hi).max { magnitudes[$0] < magnitudes[$1] }!
        let (a, b, c) = (Double(magnitudes[peak - 1]), Double(magnitudes[peak]), Double(magnitudes[peak + 1]))
        let offset = 0.5 * (a - c) / (a - 2 * b + c)
        return (Double(peak) + offset) * binWidth
    }

    @Test func stereoSamplesPlayAsAPanedPair() throws {
        let font = try SoundFont.open(path: Self.path)
        let regions = font.regions(preset: 0, program: 48, key: 48, velocity: 100)
        #expect(regions.map(\.pan).sorted() == [-1, 1], "strings at C3: \(regions.map(\.pan))")
        let audio = try Self.render(program: 48, pitch: 48, seconds: 1, held: 1)
        #expect(audio.contains { abs($0) > 0.01 })
    }

    /// Piano and finger bass: single-layer, unmodulated samples, so equal temperament is the
    /// reference. (Strings layer detuned samples with vibrato; they are checked against
    /// FluidSynth itself, not against a tuning fork.)
    @Test(arguments: [(0, 57), (0, 69), (0, 81), (33, 40), (33, 52)])
    func playsInTune(program: Int, pitch: Int) throws {
        let audio = try Self.render(program: program, pitch: pitch, seconds: 1.2, held: 1.2)
        let expected = 440 * pow(2, Double(pitch - 69) / 12)
        let measured = Self.fundamental(audio, from: 4800, near: expected)
        let cents = 1200 * log2(measured / expected)
        #expect(abs(cents) < 5, "program \(program) key \(pitch): \(measured) Hz, \(cents) cents off")
    }

    @Test func aHeldStringNoteLoopsAndThenReleases() throws {
        let audio = try Self.render(program: 48, pitch: 60, seconds: 6, held: 4)
        #expect(audio.allSatisfy { $0.isFinite })
        func rms(_ a: Double, _ b: Double) -> Double {
            let slice = audio[Int(a * 48_000)..<Int(b * 48_000)]
            return (slice.reduce(0.0) { $0 + Double($1 * $1) } / Double(slice.count)).squareRoot()
        }
        // Still sounding near the end of the hold (the loop carries it), silent well after release.
        #expect(rms(3.5, 3.9) > 0.01 * rms(0.5, 1.0))
        #expect(rms(5.5, 6.0) < 0.01 * rms(3.5, 3.9))
    }

    @Test func hiHatsShareAnExclusiveClass() throws {
        let font = try SoundFont.open(path: Self.path)
        let kit = SampledInstrument(soundFont: font, bank: 128, program: 0)
        let closed = kit.exclusiveGroup(of: 42), open = kit.exclusiveGroup(of: 46)
        #expect(closed != nil && closed == open)
        #expect(kit.exclusiveGroup(of: 36) == nil)
    }
}
