import Foundation
import StudioCore
import StudioSoundFont

/// The SoundFont the sampled engines play: Debian's FluidR3_GM unless `STUDIO_SOUNDFONT` names
/// another. Opened once per process (the samples are memory-mapped, so this is cheap); engines
/// that need it are disabled, with the reason, when it cannot be opened.
enum SoundFontLibrary {
    static let defaultPath = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    static var path: String { ProcessInfo.processInfo.environment["STUDIO_SOUNDFONT"] ?? defaultPath }

    /// The licence that applies to audio rendered from FluidR3_GM: the font is released under the
    /// MIT licence (see /usr/share/doc/fluid-soundfont-gm/copyright), which allows commercial use
    /// and asks that the copyright notice travel with copies — so we always credit it.
    /// ASCII on purpose: MP3 tags are Latin-1 at best, and the notice must read the same everywhere.
    static let fluidAttribution = "Instrument samples: FluidR3_GM SoundFont, (c) 2000-2002, 2008 Frank Wen, MIT licence"

    private struct Loaded: @unchecked Sendable {
        // @unchecked: SoundFont is immutable after opening (see its documentation).
        let font: SoundFont?
        let problem: String?
    }

    private static let loaded: Loaded = {
        do { return Loaded(font: try SoundFont.open(path: path), problem: nil) } catch {
            return Loaded(font: nil, problem: "needs a SoundFont at \(path) (Debian package fluid-soundfont-gm, or set "
                          + "STUDIO_SOUNDFONT): \(ErrorText.reason(error))")
        }
    }()

    static var font: SoundFont? { loaded.font }
    static var problem: String? { loaded.problem }

    /// Part of the version of every engine that plays it: a different SoundFont re-renders.
    /// The structural fingerprint (size and presets, zones and sample headers) reads no sample
    /// data, so listing engines or rendering a synthesised one never pages the samples in.
    static let fingerprint: String = loaded.font?.structureFingerprint ?? "none"

    /// The terms of the font in use and where they come from (see `SoundFontLicence`): the
    /// sampled engines carry these, never more.
    static let licence = SoundFontLicence.resolve(fontPath: path, fingerprint: font == nil ? nil : fingerprint,
                                                  fallbackAttribution: attribution)

    /// Attribution for the font in use: FluidR3's notice, or the font's own copyright line.
    static var attribution: String {
        guard let font else { return fluidAttribution }
        return "Instrument samples: \(font.name)" + (font.copyright.map { ", \($0)" } ?? "")
    }
}
