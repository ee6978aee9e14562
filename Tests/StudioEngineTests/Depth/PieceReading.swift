import Foundation
import StudioCore
import StudioMIDI
@testable import StudioEngine

/// A piece as its MIDI export tells it: every part's notes in seconds, the section markers and
/// the bar grid, for tests that judge form, harmony and arrangement from the score a user can
/// download rather than from the composer's internals.
struct PieceReading {
    struct Note {
        var start: Double, end: Double, pitch: Int
    }

    let notes: [String: [Note]]
    /// Section names, in order, with the bar each starts on.
    let sections: [(bar: Int, name: String)]
    let barSeconds: Double
    let duration: Double

    init(_ request: RenderRequest) throws {
        let file = try MIDIParser.parse(try Renderer.midiBytes(for: request))
        let map = file.tempoMap
        guard case .ticksPerQuarter(let ppq) = file.division else { throw ReadingError(description: "SMPTE division") }
        var notes: [String: [Note]] = [:]
        var sections: [(Int, String)] = []
        var beatsPerBar = 4
        for track in file.tracks {
            var open: [Int: [Int]] = [:]
            var list: [Note] = []
            for item in track.events {
                switch item.event {
                case .noteOn(_, let key, _): open[key, default: []].append(item.tick)
                case .noteOff(_, let key, _):
                    if let start = open[key]?.first {
                        open[key]?.removeFirst()
                        list.append(Note(start: map.seconds(atTick: start), end: map.seconds(atTick: item.tick), pitch: key))
                    }
                case .meta(0x06, let data): sections.append((item.tick / (ppq * beatsPerBar), String(decoding: data, as: UTF8.self)))
                case .meta(0x58, let data) where !data.isEmpty: beatsPerBar = Int(data[0])
                default: break
                }
            }
            if let name = track.name, !list.isEmpty { notes[name, default: []] += list }
        }
        self.notes = notes
        self.sections = sections
        let tempo = map.seconds(atTick: ppq)
        barSeconds = tempo * Double(beatsPerBar)
        duration = MIDITimeline(file: file).duration
    }

    struct ReadingError: Error, CustomStringConvertible { let description: String }

    /// The parts sounding (a note held) at some point of bar `bar`.
    func parts(inBar bar: Int) -> Set<String> {
        let from = Double(bar) * barSeconds + 0.05, to = Double(bar + 1) * barSeconds - 0.05
        return Set(notes.filter { $0.value.contains { $0.start < to && $0.end > from } }.map(\.key))
    }

    /// What sounds in bar `bar`, finer than `parts(inBar:)`: each drum sound apart (kick, clap,
    /// hats, rim, shaker are layers of their own), other parts by name.
    func layers(inBar bar: Int) -> Set<String> {
        let from = Double(bar) * barSeconds + 0.05, to = Double(bar + 1) * barSeconds - 0.05
        var result: Set<String> = []
        for (part, list) in notes {
            for note in list where note.start < to && note.end > from {
                result.insert(part == "drums" ? "drums:\(note.pitch)" : part)
            }
        }
        return result
    }

    /// The pitch classes `parts` sound in each bar (struck or held into it), as one sorted list per bar: the harmony's path.
    func pitchClassesPerBar(of parts: [String]) -> [[Int]] {
        let bars = Int(duration / barSeconds)
        var result = Array(repeating: Set<Int>(), count: bars)
        for part in parts {
            for note in notes[part] ?? [] {
                let first = max(0, Int((note.start + 0.05) / barSeconds)), last = min(bars - 1, Int((note.end - 0.05) / barSeconds))
                guard first <= last else { continue }
                for bar in first...last { result[bar].insert(note.pitch % 12) }
            }
        }
        return result.map { $0.sorted() }
    }

    /// Changes of the harmony's pitch-class set per minute, over the bars where it sounds.
    func chordChangesPerMinute(of parts: [String]) -> Double {
        let path = pitchClassesPerBar(of: parts).filter { !$0.isEmpty }
        let changes = zip(path, path.dropFirst()).filter { $0.0 != $0.1 }.count
        return Double(changes) / (Double(path.count) * barSeconds / 60)
    }

    /// The share of the piece's length during which `part` sounds.
    func coverage(of part: String) -> Double {
        let sorted = (notes[part] ?? []).sorted { $0.start < $1.start }
        var covered = 0.0, reach = 0.0
        for note in sorted {
            let start = max(note.start, reach)
            if note.end > start { covered += note.end - start }
            reach = max(reach, note.end)
        }
        return covered / duration
    }

    /// Note onsets per second of every part except `excluded`, in consecutive windows of `window` seconds.
    func onsetsPerSecond(window: Double, excluding excluded: Set<String> = []) -> [Double] {
        let onsets = notes.filter { !excluded.contains($0.key) }.flatMap { $0.value.map(\.start) }
        return stride(from: 0.0, to: duration - window, by: window).map { from in
            Double(onsets.filter { $0 >= from && $0 < from + window }.count) / window
        }
    }
}
