import Foundation
import StudioAPI
import StudioCore
import StudioTemplates

/// Builds the context the share page templates render (docs/TEMPLATES.md, "Share page context").
struct SharePageContext {
    let siteName: String
    let engineNames: [String: String]

    /// One track as the page shows it; `files` are its published files. The audio mixes
    /// (primary first) are the player's sources and downloads; a `mid` file is the score, a
    /// download of its own (`score`, null when the track has none), never an `<audio>` source;
    /// stems are downloads (`stems`, with `has_stems`). `urlPrefix` leads every file URL: "" on
    /// the share page, "../" on its embed page one directory down.
    func track(_ track: Track, files: PlacedAudio, position: Int? = nil, urlPrefix: String = "") -> TemplateValue {
        func value(_ file: PublishedFile) -> TemplateValue {
            .dictionary(["url": .string(urlPrefix + file.relativeURL), "absolute_url": .string(file.absoluteURL),
                         "mime": .string(file.format.mimeType), "format": .string(file.format.rawValue),
                         "size_text": .string(PublishedNames.sizeText(file.sizeBytes)),
                         "name": .string(file.source.stem ?? file.format.rawValue),
                         "download_name": .string(DownloadName.fileName(title: track.title, stem: file.source.stem,
                                                                        format: file.format))])
        }
        let mixes = files.mixes
        let audioValues = mixes.filter(\.format.isAudio).map(value)
        let stems = files.stems.filter(\.format.isAudio).map(value)
        var fields: [String: TemplateValue] = [
            "id": .string(track.id), "title": .string(track.title), "prompt": .string(track.prompt),
            "engine_key": .string(track.engineKey), "engine_name": .string(engineNames[track.engineKey] ?? track.engineKey),
            "duration_seconds": .number(track.durationSeconds), "duration_text": .string(DurationText.format(seconds: track.durationSeconds)),
            "bpm": .number(track.bpm.rounded()), "key": .string(track.key), "created_at": .string(Timestamp.rfc3339(track.createdAt)),
            "audio": .array(audioValues), "primary_audio": audioValues.first ?? .null,
            "score": mixes.first { $0.format == .mid }.map(value) ?? .null,
            "stems": .array(stems), "has_stems": .bool(!stems.isEmpty),
            "waveform_svg": .string(WaveformSVG.render(peaks: track.peaks)),
            "licence": licence(track.licence),
        ]
        if let position { fields["position"] = .number(Double(position)) }
        return .dictionary(fields)
    }

    func licence(_ licence: LicenceTerms) -> TemplateValue {
        .dictionary(["class": .string(licence.licenceClass.rawValue), "label": .string(Self.label(licence.licenceClass)),
                     "commercial_use": .bool(licence.commercialUse), "requires_attribution": .bool(licence.requiresAttribution),
                     "attribution": licence.attribution.map(TemplateValue.string) ?? .null])
    }

    /// `expiresAt` is the link's end (RFC 3339, or null): a static host keeps serving the page
    /// until the next publish, so the page says itself when it stops being valid. `depth` is how
    /// far below `s/{token}/` the page is (1: the embed page), for its relative links. `url` is
    /// the share page's absolute address; the cover (file name `cover`), embed page and oEmbed
    /// file are beside it.
    func page(kind: String, url: String, token: String, title: String, cover: String, expiresAt: Date?, depth: Int = 0,
              body: (String, TemplateValue)) -> TemplateValue {
        let up = String(repeating: "../", count: depth)
        return .dictionary([
            "site": .dictionary(["name": .string(siteName), "assets_url": .string("../../\(up)assets"), "generator": "Music Studio"]),
            "page": .dictionary(["kind": .string(kind), "url": .string(url), "title": .string(title),
                                 "json_url": .string("../../\(up)v1/music/shares/\(token)/index.json"),
                                 "cover_url": .string(up + cover), "cover_absolute_url": .string(url + cover),
                                 "cover_width": .number(Double(CoverArt.width)), "cover_height": .number(Double(CoverArt.height)),
                                 "embed_url": .string("\(url)embed/"), "oembed_url": .string("\(url)oembed.json"),
                                 "expires_at": expiresAt.map { .string(Timestamp.rfc3339($0)) } ?? .null]),
            body.0: body.1,
        ])
    }

    static func label(_ licenceClass: LicenceClass) -> String {
        switch licenceClass {
        case .commercialCleared: "Commercial use cleared"
        case .commercialEnterprise: "Commercial use (enterprise terms)"
        case .personalOnly: "Personal use only"
        case .unclear: "Licence unclear: no commercial use"
        }
    }
}

/// A track's files as placed beside a share page: mixes (primary first) and stems.
struct PlacedAudio {
    var mixes: [PublishedFile] = []
    var stems: [PublishedFile] = []
    var byPath: [String: PublishedFile] = [:]
    func link(_ file: TrackFile) -> String { byPath[file.path]?.absoluteURL ?? "" }
}

/// One audio file as published beside a share page.
struct PublishedFile {
    let source: TrackFile
    let name: String
    let relativeURL: String
    let absoluteURL: String
    var format: AudioFormat { source.format }
    var sizeBytes: Int { source.sizeBytes }
}
