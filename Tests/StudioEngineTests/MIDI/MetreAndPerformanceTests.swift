import Foundation
import StudioCore
import StudioMIDI
import Testing
@testable import StudioEngine

/// keys-1 and lofi-1 heard as a listening review hears them, read from the MIDI export: the
/// metre a prompt asks for, the pianist's rubato, dynamics, pedal and developing melody, the
/// lofi groove's laid-back snare, and the colour and pace of the harmony.
@Suite struct MetreAndPerformanceTests {
    typealias Measures = PerformanceMeasures

    static let metres: [(String, Int, Int)] = [("waltz", 3, 4), ("in 3/4", 3, 4), ("6/8", 6, 8), ("in 4/4", 4, 4)]

    /// "waltz", "in 3/4", "6/8" and "in 4/4" are used, set the file's time signature, put the
    /// section markers on its bar lines, and the bars follow it: the bass (piano's left hand,
    /// lofi's kick) lands on nearly every bar line of the asked metre.
    @Test(arguments: ["keys-1", "lofi-1"])
    func metreWordsSetTheTimeSignatureAndTheBars(engineKey: String) throws {
        let genre = engineKey == "keys-1" ? "piano" : "lofi"
        for (phrase, beats, unit) in Self.metres {
            let prompt = "\(genre) \(phrase)"
            let interpretation = try EngineCatalogue.engine(engineKey).interpret(RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: 60, seed: 4))
            let word = interpretation.words.first { $0.text == phrase }
            #expect(word?.status == .used, "\(engineKey) \(prompt): \(interpretation.words)")
            #expect(interpretation.timeSignature == "\(beats)/\(unit)")
            let m = try Measures(engineKey, prompt, seed: 4, duration: 60)
            #expect(m.timeSignature == (beats, unit), "\(prompt): \(m.timeSignature)")
            #expect(m.barTicks == beats * m.ppq * 4 / unit)
            #expect(m.sectionPlan.count >= 2 && m.file.tracks[0].events.allSatisfy { item in
                if case .meta(0x06, _) = item.event { item.tick % m.barTicks == 0 } else { true }
            })
            let bass = engineKey == "keys-1" ? m.notes("left hand") : m.notes("drums").filter { $0.key == StyleTools.Drum.kick }
            let bassTicks = bass.map(\.tick)
            let lastBar = (bassTicks.max() ?? 0) / m.barTicks
            // Bar lines of the sections where the part plays, found by an onset within a 32nd.
            let playedBars = Set(bassTicks.map { ($0 + m.ppq / 8) / m.barTicks })
            let onTheLine = playedBars.filter { bar in bassTicks.contains { abs($0 - bar * m.barTicks) <= m.ppq / 8 } }
            #expect(Double(onTheLine.count) >= 0.85 * Double(playedBars.count),
                    "\(engineKey) \(prompt): \(onTheLine.count) of \(playedBars.count) bars (of \(lastBar)) start with the bass")
        }
    }

    /// The piano breathes: a tempo map that broadens into cadences, melody onsets off the
    /// machine grid, a player's spread of dynamics with the melody over the left hand, the
    /// pedal, a melody that moves rather than repeats, figures that change, and chords with colour.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func thePianoIsPlayedNotSequenced(seed: UInt64) throws {
        let m = try Measures("keys-1", "wistful piano", seed: seed, duration: 150)
        let tempos = m.tempos.map(\.bpm)
        #expect(tempos.count >= 6 && (tempos.max()! / tempos.min()! > 1.12), "tempo map \(tempos)")
        // Every section after the first is reached through a broadening (or a push into a climax):
        // the tempo just before it is not the a-tempo, the map's first.
        let markers = m.file.tracks[0].events.compactMap { item -> Int? in if case .meta(0x06, _) = item.event { item.tick } else { nil } }
        let aTempo = m.tempos[0].bpm
        let moved = markers.dropFirst().filter { tick in
            guard let before = m.tempos.last(where: { $0.tick < tick })?.bpm else { return false }
            return abs(before - aTempo) > 0.01 * aTempo
        }
        #expect(moved.count == markers.count - 1, "tempo moves at \(moved.count) of \(markers.count - 1) section starts")
        let melody = m.skyline("right hand")
        let onGrid = m.shareOnGrid(melody)
        #expect(onGrid < 0.9 && onGrid > 0.4, "melody onsets within ±15 ms of the grid: \(onGrid)")
        let spread = Measures.velocitySpreadDB(melody)
        #expect(spread > 3.5, "melody velocity middle half spans \(spread) dB")
        let leftMean = Measures.meanVelocity(m.notes("left hand")), rightMean = Measures.meanVelocity(melody)
        #expect(rightMean > leftMean + 8, "melody at \(rightMean) over the left hand at \(leftMean)")
        let pedal = m.pedal("left hand")
        #expect(pedal.count >= 2 * 30 && zip(pedal, pedal.dropFirst()).allSatisfy { $0.down != $1.down }, "pedal \(pedal.count) changes")
        let repeats = Measures.repeatedNoteShare(melody)
        #expect(repeats < 0.2, "repeated notes \(repeats)")
        #expect(m.longestOstinato("left hand") <= 8 && m.longestOstinato("right hand") <= 8,
                "ostinato \(m.longestOstinato("left hand")) / \(m.longestOstinato("right hand")) bars")
        let chords = m.chordsPerBar(["left hand"], tonic: 0)
        let coloured = chords.filter { $0.count >= 4 }.count
        #expect(Double(coloured) >= 0.3 * Double(chords.count), "\(coloured) of \(chords.count) bars with four or more pitch classes")
        print("keys seed \(seed): tempos \(String(format: "%.1f", tempos.min()!))–\(String(format: "%.1f", tempos.max()!)), on grid \(onGrid), "
              + "spread \(spread) dB, repeats \(repeats), ostinato \(m.longestOstinato("left hand")), coloured \(coloured)/\(chords.count)")
    }

    /// The lofi snare sits behind the beat and the kick on it: the genre's laid-back feel.
    @Test func theLofiSnareLaysBack() throws {
        let m = try Measures("lofi-1", "late night lofi", seed: 2, duration: 60)
        func meanLag(_ key: Int) -> Double {
            // Hits near a quarter-note beat, which swing never moves.
            let lags = m.notes("drums").filter { $0.key == key }.compactMap { note -> Double? in
                let grid = Int((Double(note.tick) / Double(m.ppq)).rounded()) * m.ppq
                guard abs(note.tick - grid) < m.ppq / 8 else { return nil }
                return m.seconds(note.tick) - m.seconds(grid)
            }
            return lags.reduce(0, +) / Double(max(1, lags.count))
        }
        let snare = meanLag(StyleTools.Drum.snare), kick = meanLag(StyleTools.Drum.kick)
        #expect(snare > 0.012 && snare < 0.035, "snare \(snare * 1000) ms behind")
        #expect(abs(kick) < 0.006, "kick \(kick * 1000) ms")
    }
}
