import Foundation
import StudioAudio
import StudioCore
import Testing
@testable import StudioEngine

/// The mix as a producer would check it: bass that small speakers can carry, air above 12 kHz,
/// brightness words that are heard, and melodies that survive a mono fold-down.
/// The figures these bounds were chosen from are in docs/ENGINES.md, "Mix".
@Suite struct ProducerMixTests {
    static let engines = ["ambient-1", "lofi-1", "pulse-1", "keys-1"]

    @Test(arguments: engines)
    func bassFundamentalSitsWhereSpeakersReachIt(engineKey: String) throws {
        let render = try StemRender.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 20, seed: 4))
        guard let bass = render.stems[.bass] else { return }
        let (share, median) = MixAnalysis.fundamentalShare(bass, in: 40...110)
        print("mix-figures \(engineKey) bass: \(Int(share * 100)) % of frames 40–110 Hz, median \(Int(median)) Hz")
        // Most of the time, and centred where a genre's bass lives: a walking line's fifths and
        // octave jumps may go above 110 Hz, but the line as a whole sits in 45–100 Hz.
        #expect(share >= 0.6, "\(engineKey): the bass's fundamental is in 40–110 Hz in \(share) of frames (median \(median) Hz)")
        #expect((45...100).contains(median), "\(engineKey): the bass's median fundamental is \(median) Hz")
    }

    /// keys-1 is left out: a solo grand's own samples roll off from 8 kHz, which is the
    /// instrument, not a sample-rate wall (docs/ENGINES.md, "Mix").
    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1"])
    func airAboveTwelveKilohertzIsNoWall(engineKey: String) throws {
        let audio = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 20, seed: 4))
        let signal = (left: audio.left, right: audio.right)
        let upper = MixAnalysis.bandPowerDB(signal, from: 8_000, to: 12_000)
        let air = MixAnalysis.bandPowerDB(signal, from: 12_000, to: 16_000)
        print("mix-figures \(engineKey) air: 12–16 kHz is \(air - upper) dB against 8–12 kHz")
        #expect(air - upper >= -18, "\(engineKey): 12–16 kHz sits \(air - upper) dB under 8–12 kHz")
    }

    @Test(arguments: engines)
    func brightWordsBrightenTheTopOctave(engineKey: String) throws {
        let dark = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "dark", durationSeconds: 15, seed: 6))
        let bright = try RenderedAudio.render(RenderRequest(engineKey: engineKey, prompt: "bright", durationSeconds: 15, seed: 6))
        let darkTop = MixAnalysis.bandPowerDB((dark.left, dark.right), from: 6_000, to: 20_000)
        let brightTop = MixAnalysis.bandPowerDB((bright.left, bright.right), from: 6_000, to: 20_000)
        let darkAir = MixAnalysis.bandPowerDB((dark.left, dark.right), from: 10_000, to: 20_000)
        let brightAir = MixAnalysis.bandPowerDB((bright.left, bright.right), from: 10_000, to: 20_000)
        print("mix-figures \(engineKey) bright−dark: \(brightTop - darkTop) dB above 6 kHz, \(brightAir - darkAir) dB above 10 kHz")
        #expect(brightTop - darkTop >= 3, "\(engineKey): 'bright' is only \(brightTop - darkTop) dB brighter above 6 kHz")
    }

    @Test(arguments: engines)
    func melodiesSurviveMonoAndPadsStayWide(engineKey: String) throws {
        let render = try StemRender.render(RenderRequest(engineKey: engineKey, prompt: "a piece", durationSeconds: 20, seed: 4))
        let melody = try #require(render.stems[.melody])
        let loss = MixAnalysis.monoLossDB(melody)
        print("mix-figures \(engineKey) melody mono loss \(loss) dB, L/R correlation \(MixAnalysis.channelCorrelation(melody))")
        #expect(loss < 1.5, "\(engineKey): the melody stem loses \(loss) dB folded to mono")
        // The harmony stem is a pad in ambient-1 and pulse-1; lofi-1's also holds its centred keys,
        // and keys-1's is the left hand.
        if ["ambient-1", "pulse-1"].contains(engineKey), let pad = render.stems[.harmony] {
            let width = MixAnalysis.channelCorrelation(pad)
            print("mix-figures \(engineKey) pad L/R correlation \(width)")
            #expect(width < 0.9, "\(engineKey): the pad stem's channels correlate at \(width)")
        }
    }
}
