import Foundation
import StudioCore

/// The licence of audio played from a SoundFont, and where that answer came from.
///
/// A font's samples carry their author's rights, which nothing inside an SF2 file states
/// reliably (the `ICOP` copyright field is free text, often empty). So we claim terms only for
/// fonts we recognise by their structural fingerprint, or that the operator has declared in a
/// sidecar file `FONT.sf2.licence.json` next to the font. Any other font is `unclear`: no
/// commercial use until someone who knows its terms says so (the seed forbids overstating).
struct SoundFontLicence: Sendable, Equatable {
    var terms: LicenceTerms
    /// Where the terms came from, for the catalogue's `licence_source`: "built-in: …",
    /// "sidecar: PATH", or "unknown font …".
    var source: String
    /// Whether we know the terms from our own list (no sidecar involved).
    var isBuiltIn: Bool

    /// A font we know, by the structural fingerprint `SoundFont.structureFingerprint` gives.
    struct KnownFont: Sendable {
        let fingerprint: String
        let terms: LicenceTerms
        let source: String
    }

    /// Debian's FluidR3_GM.sf2 (package fluid-soundfont-gm): MIT licence, which allows commercial
    /// use and asks that the copyright notice travel with copies, so we always credit it (see
    /// /usr/share/doc/fluid-soundfont-gm/copyright).
    static let known: [KnownFont] = [
        KnownFont(fingerprint: "8d860e2-01bbd9d24841f1aa",
                  terms: LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: true,
                                      attribution: SoundFontLibrary.fluidAttribution),
                  source: "built-in: fluid-soundfont-gm (MIT)"),
    ]

    /// The sidecar that declares the terms of the font at `fontPath`.
    static func sidecarPath(forFontAt fontPath: String) -> String { fontPath + ".licence.json" }

    /// The terms for the font at `path` whose structural fingerprint is `fingerprint` (nil when
    /// the font cannot be read, and its engines are disabled): the operator's sidecar when there
    /// is one (a broken sidecar makes the font `unclear` and says why), else our own knowledge of
    /// the font, else `unclear`.
    static func resolve(fontPath path: String, fingerprint: String?, fallbackAttribution: String) -> SoundFontLicence {
        let sidecar = sidecarPath(forFontAt: path)
        let unknown = LicenceTerms(licenceClass: .unclear, requiresAttribution: true, attribution: fallbackAttribution)
        guard let fingerprint else {
            return SoundFontLicence(terms: unknown, source: "no SoundFont could be read at \(path)", isBuiltIn: false)
        }
        if FileManager.default.fileExists(atPath: sidecar) {
            do {
                return SoundFontLicence(terms: try SoundFontLicenceSidecar.read(at: sidecar), source: "sidecar: \(sidecar)",
                                        isBuiltIn: false)
            } catch {
                return SoundFontLicence(terms: unknown, source: "unknown font: the sidecar \(sidecar) is invalid: \(error)",
                                        isBuiltIn: false)
            }
        }
        if let font = known.first(where: { $0.fingerprint == fingerprint }) {
            return SoundFontLicence(terms: font.terms, source: font.source, isBuiltIn: true)
        }
        return SoundFontLicence(terms: unknown, source: "unknown font (fingerprint \(fingerprint)): declare its terms in \(sidecar)",
                                isBuiltIn: false)
    }

    /// A suffix for the engine version when the terms are not our built-in ones: the licence is
    /// written into every render's tags and report, so declaring (or changing) a font's terms
    /// must render again rather than reuse audio that says otherwise.
    var versionSuffix: String {
        guard !isBuiltIn else { return "" }
        let text = "\(terms.licenceClass.rawValue)|\(terms.requiresAttribution)|\(terms.attribution ?? "")"
        return "+lic." + SHA256.hash(Array(text.utf8)).hex.prefix(8)
    }
}
