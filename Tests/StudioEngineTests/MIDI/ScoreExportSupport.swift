import Foundation
import StudioCore
@testable import StudioEngine

/// What the MIDI export tests share: a short piece per engine, its score, and mido's reading of
/// its export (the outside reader, from `scripts/midi/`).
enum ScoreExportSupport {
    static let prompts = [
        "ambient-1": "calm ambient pads, slow", "lofi-1": "late night lofi, rainy",
        "pulse-1": "energetic deep house", "keys-1": "wistful piano",
    ]

    /// Every enabled engine's key (all four on a machine with the SoundFont, as in CI).
    static var engineKeys: [String] { EngineCatalogue.all.map(\.descriptor).filter(\.enabled).map(\.engineKey) }

    static func request(_ engineKey: String, seed: UInt64 = 1, duration: Double = 20, key: MusicalKey? = nil) -> RenderRequest {
        RenderRequest(engineKey: engineKey, prompt: prompts[engineKey] ?? "calm", durationSeconds: duration, key: key, seed: seed)
    }

    /// The package root, from this file's path (Tests/StudioEngineTests/MIDI/…).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The venv's python with mido, installed by `scripts/midi/setup-venv.sh` when missing (it
    /// is idempotent and quick once installed; `make test` runs it first through `make midi-reader`).
    static func midoPython() throws -> String {
        let output = try run("/bin/bash", [packageRoot.appendingPathComponent("scripts/midi/setup-venv.sh").path])
        return output.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n").last ?? ""
    }

    /// mido's reading of a MIDI file, as `scripts/midi/inspect.py` prints it.
    static func midoReading(of url: URL) throws -> MidoReading {
        let json = try run(try midoPython(), [packageRoot.appendingPathComponent("scripts/midi/inspect.py").path, url.path])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(MidoReading.self, from: Data(json.utf8))
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProcessFailure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                                 + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// `scripts/midi/inspect.py`'s JSON (snake_case keys, decoded to these names).
struct MidoReading: Decodable {
    struct Track: Decodable {
        var name: String?
        var channels: [Int]
        var programs: [[Int]]
        var noteOn: [[Int]]
        var noteOff: [[Int]]
        var tempos: [[Int]]
        var keySignatures: [[StringOrInt]]
        var timeSignatures: [[Int]]
        var markers: [[StringOrInt]]
        var pitchwheel: Int
        var endOfTrack: Bool
    }

    var type: Int
    var ticksPerBeat: Int
    var length: Double
    var tracks: [Track]
}

/// A JSON array element that is a tick or a text.
enum StringOrInt: Decodable, Equatable {
    case int(Int), string(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) { self = .int(value) } else { self = .string(try container.decode(String.self)) }
    }

    var int: Int? { if case .int(let v) = self { v } else { nil } }
    var string: String? { if case .string(let v) = self { v } else { nil } }
}
