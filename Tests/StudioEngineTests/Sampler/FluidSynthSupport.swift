import Foundation
import StudioAudio

/// One note for the reference renderer: MIDI channel, key, velocity, and times in seconds.
struct MIDINote: Sendable {
    let channel: Int
    let key: Int
    let velocity: Int
    let start: Double
    let duration: Double
}

/// The smallest Standard MIDI File that FluidSynth will play: format 0, one track, a tempo of
/// one quarter note per second at 1000 ticks per quarter, so one tick is exactly a millisecond
/// and note times need no tempo arithmetic. Written here rather than checked in, so the notes
/// the test renders with our player and the file FluidSynth plays come from the same list.
enum StandardMIDIFile {
    /// `silences`: an All Sound Off (CC 120) on the channel at each time, sorted before any note
    /// at the same tick, so that what still rings there stops dead.
    static func make(programs: [(channel: Int, program: Int)], notes: [MIDINote], tail: Double,
                     silences: [(channel: Int, time: Double)] = []) -> Data {
        var events: [(tick: Int, order: Int, bytes: [UInt8])] = []
        for (channel, time) in silences {
            events.append((Int((time * 1000).rounded()), 0, [0xB0 | UInt8(channel), 120, 0]))
        }
        for (channel, program) in programs {
            events.append((0, 0, [0xC0 | UInt8(channel), UInt8(program)]))
        }
        var end = 0
        for note in notes {
            let on = Int((note.start * 1000).rounded()), off = Int(((note.start + note.duration) * 1000).rounded())
            let status = UInt8(note.channel)
            // Note-offs sort before note-ons at the same tick, so back-to-back notes do not cut each other.
            events.append((on, 2, [0x90 | status, UInt8(note.key), UInt8(note.velocity)]))
            events.append((off, 1, [0x80 | status, UInt8(note.key), 0]))
            end = max(end, off)
        }
        // A harmless controller event at the end keeps FluidSynth rendering through the last release.
        events.append((end + Int(tail * 1000), 3, [0xB0, 7, 100]))
        events.sort { ($0.tick, $0.order) < ($1.tick, $1.order) }

        var track: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40] // tempo: 1,000,000 µs per quarter
        var last = 0
        for event in events {
            track += variableLength(event.tick - last) + event.bytes
            last = event.tick
        }
        track += [0x00, 0xFF, 0x2F, 0x00]

        var file: [UInt8] = Array("MThd".utf8) + bigEndian(6, bytes: 4) + bigEndian(0, bytes: 2)
            + bigEndian(1, bytes: 2) + bigEndian(1000, bytes: 2)
        file += Array("MTrk".utf8) + bigEndian(track.count, bytes: 4) + track
        return Data(file)
    }

    private static func variableLength(_ value: Int) -> [UInt8] {
        var bytes = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
            rest >>= 7
        }
        return bytes
    }

    private static func bigEndian(_ value: Int, bytes: Int) -> [UInt8] {
        (0..<bytes).reversed().map { UInt8((value >> ($0 * 8)) & 0xFF) }
    }
}

/// Runs Debian's `fluidsynth` as the reference player: no MIDI or audio driver, reverb and
/// chorus off, the file rendered as fast as possible to 32-bit float WAV (float, so FluidSynth
/// neither dithers nor clips and the quiet tails we time are not buried in 16-bit noise).
enum FluidSynth {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "fluidsynth is not installed: run `make test`, which installs it (Debian package fluidsynth), "
                + "or `apt-get install fluidsynth`. The FluidSynth comparison cannot pass without it."
        }
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static var executable: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (paths + ["/usr/bin", "/usr/local/bin"]).map { $0 + "/fluidsynth" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Renders `midi` with `soundFont` and returns both channels.
    static func render(midi: Data, soundFont: String, sampleRate: Int, gain: Double) throws -> (left: [Float], right: [Float]) {
        guard let executable else { throw Missing() }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("fluid-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let midiURL = directory.appendingPathComponent("notes.mid"), wavURL = directory.appendingPathComponent("out.wav")
        try midi.write(to: midiURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-n", "-i", "-q", "-R", "0", "-C", "0", "-r", "\(sampleRate)", "-g", "\(gain)",
                             "-T", "wav", "-O", "float", "-F", wavURL.path, soundFont, midiURL.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: wavURL.path) else {
            throw Failed(description: "fluidsynth exited with \(process.terminationStatus): "
                         + (String(data: message, encoding: .utf8) ?? ""))
        }
        let reader = try AudioFileReader(url: wavURL)
        guard reader.sampleRate == sampleRate else {
            throw Failed(description: "fluidsynth wrote \(reader.sampleRate) Hz, asked for \(sampleRate)")
        }
        return try reader.readAll()
    }
}
