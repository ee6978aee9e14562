/// What is wrong with a MIDI file, and where: the byte offset from the start of the file and,
/// inside a track, the track's number (0-based, counting `MTrk` chunks).
///
/// MIDI files come from outside the program, so a bad one is an expected event: the parser
/// never traps on one, and the message lets whoever reads it find the spot in a hex editor.
public struct MIDIFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let offset: Int
    public let track: Int?
    public let problem: String

    public init(offset: Int, track: Int? = nil, _ problem: String) {
        self.offset = offset
        self.track = track
        self.problem = problem
    }

    public var description: String {
        let place = track.map { "track \($0), byte offset \(offset)" } ?? "byte offset \(offset)"
        return "invalid MIDI file at \(place): \(problem)"
    }
}
