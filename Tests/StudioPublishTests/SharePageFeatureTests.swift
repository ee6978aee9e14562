import Foundation
import StudioCore
import StudioPublish
import Testing

/// Issue #17 item 7: what a share page offers beside its player — cover art for link previews,
/// an embeddable player with oEmbed discovery, stem downloads, download names from the title.
@Suite struct SharePageFeatureTests {
    @Test func aTrackPageHasCoverArtAsItsOpenGraphImage() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let added = try f.addTrack("Night Bus")
        let track = try #require(try f.store.track(id: added.id), "as stored: peaks are kept at the store's precision")
        let (_, token) = try f.share(.track(track.id))
        _ = try f.publisher.publish()
        let page = try #require(f.read("s/\(token)/index.html"))
        let name = CoverArt.fileName(seed: "\(track.inputHash) Night Bus", peaks: track.peaks)
        #expect(name.hasPrefix("cover-") && name.hasSuffix(".png"))
        #expect(page.contains(#"<meta property="og:image" content="https://music.example/s/\#(token)/\#(name)">"#))
        #expect(page.contains(#"<meta property="og:image:width" content="1200">"#))
        #expect(page.contains(#"<meta property="og:image:height" content="630">"#))
        #expect(page.contains(#"<meta name="twitter:card" content="summary_large_image">"#))
        let cover = [UInt8](try Data(contentsOf: f.output.appendingPathComponent("s/\(token)/\(name)")))
        #expect(cover == CoverArt.png(seed: "\(track.inputHash) Night Bus", peaks: track.peaks), "drawn from the track")
        let decoded = try PNGEncoderTests.decode(cover, summary: true)
        #expect(decoded.hasPrefix("1200x630 "))
        // A second publish leaves it as it was: the same bytes, not rewritten.
        let second = try f.publisher.publish()
        #expect(!second.written.contains("s/\(token)/\(name)"))
        #expect(f.files().filter { $0.contains("/cover-") } == ["s/\(token)/\(name)"], "one cover, beside the audio")
        // A new title is a new picture, under a new name; the old one is removed.
        var renamed = track
        renamed.title = "Night Tram"
        try f.store.saveTrack(renamed)
        _ = try f.publisher.publish()
        let newName = CoverArt.fileName(seed: "\(track.inputHash) Night Tram", peaks: track.peaks)
        #expect(newName != name)
        #expect(f.files().filter { $0.contains("/cover-") } == ["s/\(token)/\(newName)"])
    }

    @Test func thePlayerLoadsMetadataAndTheWaveformsOverlayIsNotTheUnplayedColour() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let track = try f.addTrack("Night Bus")
        let (_, token) = try f.share(.track(track.id))
        _ = try f.publisher.publish()
        let page = try #require(f.read("s/\(token)/index.html"))
        #expect(page.contains(#"preload="metadata""#), "the length shows before play")
        #expect(!page.contains(#"preload="none""#))
        // The `.waveform` rule colours the unplayed bars; the copy the script puts in the played
        // overlay must not be matched by it.
        #expect(!page.contains(#"<svg class="waveform""#) || page.contains(#"<svg class="waveform__"#))
        let css = try #require(f.read("assets/style.css"))
        #expect(css.contains(".waveform__played"))
        #expect(page.contains("data-copy-link"), "a copy-link button")
    }

    @Test func anEmbeddablePlayerAndOEmbedDiscovery() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let track = try f.addTrack("Night Bus")
        let (_, token) = try f.share(.track(track.id))
        _ = try f.publisher.publish()
        let page = try #require(f.read("s/\(token)/index.html"))
        let oembedURL = "https://music.example/s/\(token)/oembed.json"
        #expect(page.contains(#"<link rel="alternate" type="application/json+oembed" href="\#(oembedURL)""#))

        let embed = try #require(f.read("s/\(token)/embed/index.html"), "the embed page")
        #expect(embed.contains("Night Bus"))
        #expect(embed.contains(#"<source src="../night-bus.mp3" type="audio/mpeg">"#), "its audio is the share's, one level up")
        #expect(embed.contains(#"href="../../../assets/style.css""#))
        #expect(embed.contains(#"preload="metadata""#))
        #expect(embed.contains(#"target="_blank""#) && embed.contains(#"<a class="embed__title" href="../" target="_blank" rel="noopener">Night Bus</a>"#),
                "it links to the full page, outside the frame")

        let oembed = try JSONValue.parse(Data(try #require(f.read("s/\(token)/oembed.json")).utf8))
        #expect(oembed["version"] == "1.0" && oembed["type"] == "rich")
        #expect(oembed["title"] == "Night Bus")
        #expect(oembed["provider_name"] == "Music Studio")
        let stored = try #require(try f.store.track(id: track.id))
        #expect(oembed["thumbnail_url"]?.string == "https://music.example/s/\(token)/" + CoverArt.fileName(seed: "\(track.inputHash) Night Bus", peaks: stored.peaks))
        #expect(oembed["thumbnail_width"] == 1200 && oembed["thumbnail_height"] == 630)
        let html = try #require(oembed["html"]?.string)
        #expect(html.hasPrefix("<iframe ") && html.contains(#"src="https://music.example/s/\#(token)/embed/""#), "\(html)")
        #expect(oembed["width"]?.number != nil && oembed["height"]?.number != nil)
    }

    @Test func stemsAreDownloadableAndDownloadsAreNamedFromTheTitle() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let track = try f.addTrack("Café Nights", stems: ["drums", "bass"])
        let plain = try f.addTrack("Plain")
        let (_, token) = try f.share(.track(track.id))
        let (_, plainToken) = try f.share(.track(plain.id))
        _ = try f.publisher.publish()
        let page = try #require(f.read("s/\(token)/index.html"))
        #expect(page.contains(#"href="cafe-nights.drums.wav?download=1""#), "stem download link")
        #expect(page.contains(#"download="Café Nights - drums.wav""#))
        #expect(page.contains(#"href="cafe-nights.mp3?download=1""#) && page.contains(#"download="Café Nights.mp3""#))
        #expect(f.read("s/\(token)/cafe-nights.bass.wav") == "RIFF stem bass of Café Nights")
        #expect(page.contains("Stems"))
        let plainPage = try #require(f.read("s/\(plainToken)/index.html"))
        #expect(!plainPage.contains("Stems"), "no stems, no stems section")
    }

    @Test func contentDispositionFollowsRFC6266() {
        #expect(DownloadName.contentDisposition(fileName: "Night Bus.mp3")
            == #"attachment; filename="Night Bus.mp3"; filename*=UTF-8''Night%20Bus.mp3"#)
        #expect(DownloadName.contentDisposition(fileName: "Café \"Nights\"/\\\r\n.wav")
            == #"attachment; filename="Cafe _Nights___.wav"; filename*=UTF-8''Caf%C3%A9%20%22Nights%22%2F%5C.wav"#)
        #expect(DownloadName.fileName(title: "Night Bus", stem: "bass", format: .wav) == "Night Bus - bass.wav")
        #expect(DownloadName.fileName(title: "a/b", stem: nil, format: .mp3) == "a-b.mp3")
    }

    @Test func theServerFindsADownloadNameFromThePublishedFileName() throws {
        let f = try PublishFixture()
        defer { f.cleanUp() }
        let track = try f.addTrack("Café Nights", stems: ["drums"])
        #expect(DownloadName.forPublishedFile("cafe-nights.mp3", tracks: [track], numbered: false) == "Café Nights.mp3")
        #expect(DownloadName.forPublishedFile("cafe-nights.drums.wav", tracks: [track], numbered: false) == "Café Nights - drums.wav")
        #expect(DownloadName.forPublishedFile("01-cafe-nights.mp3", tracks: [track], numbered: true) == "Café Nights.mp3")
        #expect(DownloadName.forPublishedFile("index.html", tracks: [track], numbered: false) == nil)
    }
}
