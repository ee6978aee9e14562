import Foundation
import StudioCore
import StudioMIDI
@testable import StudioEngine

/// The figures a listening review reads from a piece's MIDI export (the bytes the `mid` format
/// writes, parsed back): where onsets sit against the grid, how velocities spread, how often the
/// melody repeats a note, how long a one-bar figure repeats unchanged, where the harmony changes,
/// how much of the time the lead sounds, and how the density moves.
struct PerformanceMeasures {
    let file: MIDIFile
    let ppq: Int
    /// Ticks per bar from the file's time signature.
    let barTicks: Int

    struct Note { var tick: Int; var endTick: Int; var key: Int; var velocity: Int }

    init(_ engineKey: String, _ prompt: String, seed: UInt64, duration: Double, key: MusicalKey? = nil) throws {
        let request = RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: duration, key: key, seed: seed)
        try self.init(MIDIParser.parse(Renderer.midiBytes(for: request)))
    }

    init(_ file: MIDIFile) {
        self.file = file
        ppq = ScoreMIDIExport.ticksPerQuarter
        let signature = file.tracks[0].events.lazy.compactMap { item -> [UInt8]? in
            if case .meta(0x58, let data) = item.event { data } else { nil }
        }.first ?? [4, 2]
        barTicks = Int(signature[0]) * ppq * 4 / (1 << Int(signature[1]))
    }

    /// (numerator, denominator) of the time signature.
    var timeSignature: (Int, Int) {
        for item in file.tracks[0].events { if case .meta(0x58, let d) = item.event { return (Int(d[0]), 1 << Int(d[1])) } }
        return (4, 4)
    }

    func track(_ name: String) -> MIDITrack? { file.tracks.first { $0.name == name } }

    func notes(_ name: String) -> [Note] {
        guard let track = track(name) else { return [] }
        var open: [Int: (Int, Int)] = [:], result: [Note] = []
        for item in track.events {
            switch item.event {
            case .noteOn(_, let key, let velocity) where velocity > 0: open[key] = (item.tick, velocity)
            case .noteOff(_, let key, _), .noteOn(_, let key, 0):
                if let (tick, velocity) = open.removeValue(forKey: key) { result.append(Note(tick: tick, endTick: item.tick, key: key, velocity: velocity)) }
            default: break
            }
        }
        return result.sorted { ($0.tick, $0.key) < ($1.tick, $1.key) }
    }

    /// The highest note of each onset (within 40 ticks): the tune a listener follows.
    func skyline(_ name: String) -> [Note] {
        var result: [Note] = []
        for note in notes(name) {
            if let last = result.last, note.tick - last.tick < 40 {
                if note.key > last.key { result[result.count - 1] = note }
            } else { result.append(note) }
        }
        return result
    }

    func seconds(_ tick: Int) -> Double { file.tempoMap.seconds(atTick: tick) }

    /// Share of onsets within ±`window` seconds of the 16th grid (measured through the tempo map).
    func shareOnGrid(_ notes: [Note], window: Double = 0.015) -> Double {
        let step = ppq / 4
        let near = notes.filter { note in
            let grid = Int((Double(note.tick) / Double(step)).rounded()) * step
            return abs(seconds(note.tick) - seconds(grid)) <= window
        }
        return Double(near.count) / Double(max(1, notes.count))
    }

    /// dB between the first and third quartile of the notes' velocities.
    static func velocitySpreadDB(_ notes: [Note]) -> Double {
        let sorted = notes.map { Double($0.velocity) }.sorted()
        guard sorted.count >= 4 else { return 0 }
        return 20 * log10(sorted[sorted.count * 3 / 4] / sorted[sorted.count / 4])
    }

    static func meanVelocity(_ notes: [Note]) -> Double {
        Double(notes.reduce(0) { $0 + $1.velocity }) / Double(max(1, notes.count))
    }

    static func repeatedNoteShare(_ line: [Note]) -> Double {
        let pairs = zip(line, line.dropFirst())
        return Double(pairs.filter { $0.key == $1.key }.count) / Double(max(1, line.count - 1))
    }

    /// The longest run of consecutive bars playing the same figure (onsets to the 16th, and
    /// intervals from the bar's first note, so a transposed repeat counts as the same figure).
    /// The bar a note belongs to: its tick rounded to the nearest 16th first, so that a note
    /// humanised a few milliseconds ahead of a bar line still counts in the bar it starts.
    func bar(of note: Note) -> Int { (note.tick + ppq / 8) / barTicks }

    /// 16ths from the start of `bar` to the note, rounded.
    func sixteenth(of note: Note, in bar: Int) -> Int {
        Int((Double(note.tick - bar * barTicks) * 4 / Double(ppq)).rounded())
    }

    func longestOstinato(_ name: String) -> Int {
        let byBar = Dictionary(grouping: notes(name)) { bar(of: $0) }
        guard let lastBar = byBar.keys.max() else { return 0 }
        var longest = 0, run = 0
        var previous: [Int]?
        for bar in 0...lastBar {
            let bars = byBar[bar] ?? []
            guard let first = bars.first else { previous = nil; run = 0; continue }
            let figure = bars.flatMap { [sixteenth(of: $0, in: bar), $0.key - first.key] }
            run = figure == previous ? run + 1 : 1
            longest = max(longest, run)
            previous = figure
        }
        return longest
    }

    /// The pitch classes of `names`' notes in each bar, relative to `tonic`.
    func chordsPerBar(_ names: [String], tonic: Int) -> [Set<Int>] {
        let all = names.flatMap { notes($0) }
        let byBar = Dictionary(grouping: all) { bar(of: $0) }
        let last = byBar.keys.max() ?? -1
        return (0..<(last + 1)).map { bar in Set((byBar[bar] ?? []).map { (($0.key - tonic) % 12 + 12) % 12 }) }
    }

    /// (marker, bar) of every section.
    var sectionPlan: [String] {
        file.tracks[0].events.compactMap { item in
            if case .meta(0x06, let data) = item.event { "\(String(decoding: data, as: UTF8.self))@\(item.tick / barTicks)" } else { nil }
        }
    }

    /// The share of the music's time (up to the last onset) in which `name` sounds.
    func coverage(_ name: String) -> Double {
        let spans = notes(name).map { (seconds($0.tick), seconds($0.endTick)) }.sorted { $0.0 < $1.0 }
        guard let end = notes(names: file.tracks.dropFirst().compactMap(\.name)).map({ seconds($0.tick) }).max(), end > 0 else { return 0 }
        var covered = 0.0, reach = 0.0
        for (start, stop) in spans where stop > reach {
            covered += min(stop, end) - max(start, reach)
            reach = stop
        }
        return max(0, covered) / end
    }

    func notes(names: [String]) -> [Note] { names.flatMap { notes($0) } }

    /// Onsets per second of every part in successive windows of `window` seconds.
    func onsetRates(window: Double = 15) -> [Double] {
        let times = notes(names: file.tracks.dropFirst().compactMap(\.name)).map { seconds($0.tick) }
        guard let end = times.max() else { return [] }
        let count = Int(end / window)
        return (0..<count).map { index in
            Double(times.filter { $0 >= Double(index) * window && $0 < Double(index + 1) * window }.count) / window
        }
    }

    /// Every tempo of the map in bpm, in order.
    var tempos: [(tick: Int, bpm: Double)] {
        file.tracks[0].events.compactMap { item in
            if case .tempo(let micros) = item.event { (item.tick, 60_000_000 / Double(micros)) } else { nil }
        }
    }

    /// (tick, down) of every sustain pedal change on `name`.
    func pedal(_ name: String) -> [(tick: Int, down: Bool)] {
        (track(name)?.events ?? []).compactMap { item in
            if case .controlChange(_, 64, let value) = item.event { (item.tick, value >= 64) } else { nil }
        }
    }
}
