import Foundation

/// A key such as "D minor": a tonic pitch class and a mode.
public struct MusicalKey: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case major, minor
    }

    /// 0 = C, 1 = C♯/D♭, … 11 = B.
    public var tonic: Int
    public var mode: Mode

    public init(tonic: Int, mode: Mode) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode
    }

    static let sharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    static let flatNames = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]

    /// Spelled the way musicians write it: flats for F, B♭, E♭ … major and their relative minors.
    public var tonicName: String {
        let flatMajor: Set = [1, 3, 5, 8, 10]
        let flatMinor: Set = [0, 2, 3, 5, 7, 10]
        let useFlats = mode == .major ? flatMajor.contains(tonic) : flatMinor.contains(tonic)
        return useFlats ? Self.flatNames[tonic] : Self.sharpNames[tonic]
    }

    public var description: String { "\(tonicName) \(mode.rawValue)" }

    /// Parses "D minor", "F# major", "Bb", "c#m", "Eb min", "A minor". Returns nil for anything else.
    public init?(parsing text: String) {
        let words = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let first = words.first, let natural = "cdefgab".firstIndex(of: first) else { return nil }
        let naturals = [0, 2, 4, 5, 7, 9, 11]
        var pitch = naturals["cdefgab".distance(from: "cdefgab".startIndex, to: natural)]
        var rest = words.dropFirst()
        if rest.hasPrefix("#") || rest.hasPrefix("♯") { pitch += 1; rest = rest.dropFirst() }
        else if rest.hasPrefix("-sharp") { pitch += 1; rest = rest.dropFirst(6) }
        else if rest.hasPrefix(" sharp") { pitch += 1; rest = rest.dropFirst(6) }
        else if rest.hasPrefix("b") || rest.hasPrefix("♭") {
            pitch -= 1; rest = rest.dropFirst()
        } else if rest.hasPrefix("-flat") { pitch -= 1; rest = rest.dropFirst(5) }
        else if rest.hasPrefix(" flat") { pitch -= 1; rest = rest.dropFirst(5) }
        let modeWord = rest.trimmingCharacters(in: .whitespaces)
        let mode: Mode
        switch modeWord {
        case "", "major", "maj", "dur", "ionian": mode = .major
        case "m", "minor", "min", "moll", "aeolian": mode = .minor
        default: return nil
        }
        self.init(tonic: pitch, mode: mode)
    }
}
