import Foundation
import StudioCore
import StudioMIDI
import StudioSoundFont

/// `studio render --midi`: a Standard MIDI File played through our SoundFont player and, with
/// effects, the engines' reverb and master chain; without, the dry sum of the voices at unity.
public enum MIDIRenderer {
    public static let sampleRate = 48_000
    /// Part of the software tag: bumped whenever the same file and font would render differently.
    public static let version = "1.1.0"
    /// The longest file rendered, in seconds. A delta time may be 2^28 ticks and a quarter note
    /// 16.7 s, so a few bytes can claim billions of seconds; the renderer holds the whole mix in
    /// memory (an hour of stereo floats is 1.4 GB), so past this a file is refused by name
    /// instead of hanging or exhausting memory. Real pieces last minutes.
    public static let maximumSeconds = 3_600.0

    /// What a MIDI render did, for the command's summary and `--json`.
    public struct Report: Sendable, Codable {
        public var title: String
        public var soundFont: String
        public var effects: Bool
        public var durationSeconds: Double
        public var frames: Int
        public var sampleRate: Int
        public var tracks: Int
        public var parts: Int
        public var noteCount: Int
        public var loudnessLUFS: Double
        public var truePeakDBTP: Double
        public var masterGainDB: Double
        public var missingPresets: [String]
        public var licence: LicenceTerms

        enum CodingKeys: String, CodingKey {
            case title, soundFont = "soundfont", effects, durationSeconds = "duration_seconds", frames
            case sampleRate = "sample_rate", tracks, parts, noteCount = "note_count", loudnessLUFS = "loudness_lufs"
            case truePeakDBTP = "true_peak_dbtp", masterGainDB = "master_gain_db", missingPresets = "missing_presets", licence
        }
    }

    /// Reads `midi`, opens `soundFontPath` (or the library's font when nil) and renders.
    /// Every failure to read either file is a `RenderError.io` naming the file and the problem.
    public static func render(midi: URL, soundFontPath: String?, effects: Bool, title: String?, to output: RenderOutput,
                              options: RenderOptions = RenderOptions()) throws -> Report {
        let file: MIDIFile
        do { file = try MIDIFile.read(contentsOf: midi) } catch let error as MIDIFileError {
            throw RenderError.io("\(midi.path): \(error)")
        } catch {
            throw RenderError.io("cannot read MIDI file \(midi.path): \(ErrorText.reason(error))")
        }
        let length = file.timeline.duration
        guard length <= maximumSeconds else {
            throw RenderError.io("\(midi.path): the file lasts \(String(format: "%.0f", length)) s; at most "
                + "\(Int(maximumSeconds)) s (an hour) can be rendered")
        }
        let font = try soundFont(at: soundFontPath)
        let performance = MIDIPerformance(file: file, soundFont: font, effects: effects)
        let licence = licence(for: font)
        let name = title ?? file.title ?? midi.deletingPathExtension().lastPathComponent
        let metadata = ScoreMetadata(title: name, licence: licence,
                                     software: "Music Studio midi \(version)+sf.\(font.structureFingerprint)")
        let result = try Renderer().render(score: performance.score, sampleRate: Double(sampleRate), metadata: metadata,
                                           mastering: effects ? .normalised : .dry, seed: 1, to: output, options: options)
        return Report(
            title: name, soundFont: font.path, effects: effects, durationSeconds: result.durationSeconds, frames: result.frames,
            sampleRate: sampleRate, tracks: file.tracks.count, parts: performance.score.parts.count,
            noteCount: performance.noteCount, loudnessLUFS: result.loudnessLUFS, truePeakDBTP: result.truePeakDBTP,
            masterGainDB: result.masterGainDB, missingPresets: performance.missingPresets, licence: licence)
    }

    /// The named SoundFont, or the library's (FluidR3_GM unless STUDIO_SOUNDFONT says otherwise).
    static func soundFont(at path: String?) throws -> SoundFont {
        guard let path else {
            guard let font = SoundFontLibrary.font else {
                throw RenderError.io("cannot play MIDI: \(SoundFontLibrary.problem ?? "no SoundFont")")
            }
            return font
        }
        do { return try SoundFont.open(path: path) } catch {
            throw RenderError.io("cannot open SoundFont \(path): \(ErrorText.reason(error))")
        }
    }

    /// The music is whoever wrote the MIDI file's, so we cannot clear it for any use: the class
    /// is `unclear`. The samples are the SoundFont's, and their notice always travels with the
    /// audio: FluidR3_GM's MIT notice, or a user font's own name and copyright.
    static func licence(for font: SoundFont) -> LicenceTerms {
        let attribution: String
        if font.path == SoundFontLibrary.defaultPath {
            attribution = SoundFontLibrary.fluidAttribution
        } else {
            let name = font.name.isEmpty ? (font.path as NSString).lastPathComponent : font.name
            attribution = "Instrument samples: \(name)" + (font.copyright.map { ", \($0)" } ?? "")
        }
        return LicenceTerms(licenceClass: .unclear, requiresAttribution: true, attribution: attribution)
    }
}
