import Foundation
import StudioCore
import StudioMIDI
import Testing
@testable import StudioEngine

/// keys-1 and lofi-1 over many seeds and prompts, read from the MIDI export: every seed its own
/// chords and section plan, forms with room (breaks, dropped parts, filtered passages; a slower
/// harmonic rhythm; no bar pattern looping through the piece), and focus prompts that thin the
/// arrangement so the lead rests more than it sings and the density breathes.
@Suite struct SeedsFormsAndSpaceTests {
    typealias Measures = PerformanceMeasures

    static let prompts = ["keys-1": "wistful piano", "lofi-1": "late night lofi"]
    static let harmonyTracks = ["keys-1": ["left hand"], "lofi-1": ["keys", "keys (filtered)"]]
    static let leads = ["keys-1": "right hand", "lofi-1": "melody"]

    static func piece(_ engineKey: String, _ prompt: String, seed: UInt64, duration: Double = 150) throws -> (Measures, PromptInterpretation) {
        let request = RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: duration, seed: seed)
        let interpretation = try EngineCatalogue.engine(engineKey).interpret(request)
        return (try Measures(engineKey, prompt, seed: seed, duration: duration), interpretation)
    }

    /// Ten seeds, one prompt: pairwise, the section plans differ and the chords (relative to each
    /// piece's tonic, so a transposition counts as the same) agree in under 60 % of bars.
    @Test(arguments: ["keys-1", "lofi-1"])
    func tenSeedsAreTenPieces(engineKey: String) throws {
        let pieces = try (1...10 as ClosedRange<UInt64>).map { try Self.piece(engineKey, Self.prompts[engineKey]!, seed: $0) }
        let plans = pieces.map(\.0.sectionPlan)
        let chords = pieces.map { $0.0.chordsPerBar(Self.harmonyTracks[engineKey]!, tonic: $0.1.key.tonic) }
        for a in 0..<10 {
            for b in (a + 1)..<10 {
                #expect(plans[a] != plans[b], "\(engineKey) seeds \(a + 1) and \(b + 1) share the plan \(plans[a])")
                let bars = min(chords[a].count, chords[b].count)
                let same = (0..<bars).filter { chords[a][$0] == chords[b][$0] }.count
                #expect(Double(same) < 0.6 * Double(bars), "\(engineKey) seeds \(a + 1) and \(b + 1): \(same) of \(bars) bars alike")
            }
        }
    }

    /// Room in the form: the harmony changes at most about 20 times a minute (a chord a bar at
    /// most; two bars for many seeds), no bar of the whole arrangement repeats unchanged in more
    /// than a third of the piece, and lofi has the space of a beat tape: a stretch of at least
    /// four bars after the intro without kick and snare (a break, a filtered passage, a stop).
    @Test(arguments: ["keys-1", "lofi-1"])
    func formsLeaveRoom(engineKey: String) throws {
        var rates: [Double] = []
        for seed in 1...6 as ClosedRange<UInt64> {
            let (m, interpretation) = try Self.piece(engineKey, Self.prompts[engineKey]!, seed: seed)
            let chords = m.chordsPerBar(Self.harmonyTracks[engineKey]!, tonic: interpretation.key.tonic)
            let changes = zip(chords, chords.dropFirst()).filter { $0 != $1 && !$1.isEmpty }.count
            let minutes = m.seconds(chords.count * m.barTicks) / 60
            rates.append(Double(changes) / minutes)
            let names = m.file.tracks.dropFirst().compactMap(\.name)
            let byBar = Dictionary(grouping: m.notes(names: names)) { m.bar(of: $0) }
            let fingerprints = (0..<chords.count).map { bar in
                (byBar[bar] ?? []).map { "\(m.sixteenth(of: $0, in: bar)):\($0.key)" }.sorted()
            }
            let counts = Dictionary(grouping: fingerprints.filter { !$0.isEmpty }) { $0 }.mapValues(\.count)
            let common = counts.values.max() ?? 0
            #expect(Double(common) < Double(chords.count) / 3, "\(engineKey) seed \(seed): one bar \(common) times of \(chords.count)")
            if engineKey == "lofi-1" {
                let beats = m.notes("drums").filter { $0.key == StyleTools.Drum.kick || $0.key == StyleTools.Drum.snare }
                let beatBars = Set(beats.map { m.bar(of: $0) })
                let introEnd = (m.sectionPlan.dropFirst().first?.split(separator: "@").last).flatMap { Int($0) } ?? 0
                var longest = 0, run = 0
                for bar in introEnd..<chords.count {
                    // A bar with at most its downbeat kick (a stop) or no beat at all is room.
                    let hits = beats.filter { m.bar(of: $0) == bar }
                    run = !beatBars.contains(bar) || hits.count <= 1 ? run + 1 : 0
                    longest = max(longest, run)
                }
                #expect(longest >= 4, "lofi seed \(seed): at most \(longest) bars without the beat after the intro")
            }
        }
        #expect(rates.allSatisfy { $0 <= 22 } && rates.reduce(0, +) / Double(rates.count) <= 18,
                "\(engineKey) chord changes a minute: \(rates.map { Int($0.rounded()) })")
        print("\(engineKey) chord changes a minute: \(rates.map { Int($0.rounded()) })")
    }

    /// Focus, study and sleep prompts leave space: the lead sounds under half the time (and
    /// less than without the words), and the onsets a second move between 15 s windows.
    @Test(arguments: [("keys-1", "piano for focus"), ("keys-1", "piano to sleep"), ("lofi-1", "lofi beats to study"),
                      ("lofi-1", "lofi for focus")])
    func focusWordsThinTheArrangement(engineKey: String, prompt: String) throws {
        for seed in [1, 2] as [UInt64] {
            let (m, _) = try Self.piece(engineKey, prompt, seed: seed, duration: 120)
            let (plain, _) = try Self.piece(engineKey, Self.prompts[engineKey]!, seed: seed, duration: 120)
            let lead = m.coverage(Self.leads[engineKey]!), plainLead = plain.coverage(Self.leads[engineKey]!)
            #expect(lead < 0.5 && lead < plainLead, "\(prompt) seed \(seed): lead \(lead) of the time (plain \(plainLead))")
            let rates = m.onsetRates()
            let mean = rates.reduce(0, +) / Double(rates.count)
            #expect((rates.max()! - rates.min()!) / mean > 0.35, "\(prompt) seed \(seed): onsets a second \(rates)")
            print("\(prompt) seed \(seed): lead \(lead) (plain \(plainLead)), onsets/s \(rates.map { String(format: "%.1f", $0) })")
        }
    }
}
