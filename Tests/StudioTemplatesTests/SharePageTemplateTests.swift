import Foundation
import Testing
@testable import StudioTemplates

/// The real share-page templates in `templates/`, rendered with the sample contexts in
/// `Fixtures/` (shaped exactly as docs/TEMPLATES.md, "Share page context", says the publisher
/// passes them). Set `SHARE_PAGE_PREVIEW_DIR` to also write the rendered pages and the stylesheet
/// there, to look at them in a browser.
@Suite struct SharePageTemplateTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templatesDirectory = repository.appendingPathComponent("templates")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func templates() throws -> TemplateSet { try TemplateSet(directory: templatesDirectory) }

    static func fixture(_ name: String) throws -> TemplateValue {
        try JSONDecoder().decode(TemplateValue.self, from: Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    static func trackContext() throws -> TemplateValue { try fixture("share-track.json") }
    static func collectionContext() throws -> TemplateValue { try fixture("share-collection.json") }
    static func notFoundContext() throws -> TemplateValue {
        ["site": ["name": "Music Studio", "assets_url": "/assets", "generator": "Music Studio"]]
    }

    static func renderAll() throws -> [(name: String, html: String)] {
        let set = try templates()
        return [
            ("track", try set.render("track", trackContext())),
            ("collection", try set.render("collection", collectionContext())),
            ("404", try set.render("404", notFoundContext())),
            ("embed", try set.render("embed", trackContext())),
            ("collection embed", try set.render("embed", collectionContext())),
        ]
    }

    // MARK: Every page

    @Test func theTemplateSetLoadsWithItsPartials() throws {
        let names = try Self.templates().names
        for name in ["track", "collection", "404", "_head", "_header", "_footer", "_licence", "_player", "_downloads", "_track-card", "_script"] {
            #expect(names.contains(name), "missing template \(name)")
        }
        #expect(FileManager.default.fileExists(atPath: Self.templatesDirectory.appendingPathComponent("style.css").path))
    }

    @Test func everyPageRendersAsUnlistedEnglishHTMLWithTheStylesheet() throws {
        for (name, html) in try Self.renderAll() {
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"), "\(name)")
            #expect(html.contains(#"<meta name="robots" content="noindex">"#), "\(name)")
            #expect(html.contains(#"<meta charset="utf-8">"#), "\(name)")
            #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#), "\(name)")
            #expect(html.contains("/style.css\">"), "\(name)")
            #expect(!html.contains("{{") && !html.contains("}}"), "\(name): a tag was left unrendered")
        }
        #expect(try Self.renderAll()[0].html.contains(#"<link rel="stylesheet" href="../../assets/style.css">"#))
        #expect(try Self.renderAll()[2].html.contains(#"<link rel="stylesheet" href="/assets/style.css">"#))
    }

    @Test func everyPageIsWellFormed() throws {
        for (name, html) in try Self.renderAll() {
            let problems = HTMLShape.problems(in: html)
            #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
        }
    }

    @Test func everyPageHasLandmarksAndHeadingsInOrder() throws {
        for (name, html) in try Self.renderAll() {
            #expect(html.contains("<main id=\"main\""), "\(name)")
            // The embed page lives in another site's frame: a player and a title, no banner or footer.
            if !name.contains("embed") {
                #expect(html.contains("<header class=\"site-header\">"), "\(name)")
                #expect(html.contains("<footer class=\"site-footer\">"), "\(name)")
                #expect(html.contains("<a class=\"skip-link\" href=\"#main\">"), "\(name)")
            }
            let levels = HTMLShape.headingLevels(in: html)
            #expect(levels.first == 1, "\(name): \(levels)")
            #expect(levels.filter { $0 == 1 }.count == 1, "\(name): \(levels)")
            for (previous, next) in zip(levels, levels.dropFirst()) {
                #expect(next <= previous + 1, "\(name): a heading skips a level in \(levels)")
            }
        }
    }

    @Test func scriptIsInlineAndSmall() throws {
        for (name, html) in try Self.renderAll() {
            #expect(!html.contains("<script src"), "\(name): external JavaScript")
            for script in HTMLShape.contents(of: "script", in: html) {
                // Seeking by keyboard, Media Session and the copy-link button (issue #17) took it past 5 kB.
                #expect(script.utf8.count < 8_000, "\(name): the inline script grew to \(script.utf8.count) bytes")
            }
        }
    }

    // MARK: Track page

    @Test func trackPageHasOpenGraphAndTwitterTags() throws {
        let html = try Self.templates().render("track", Self.trackContext())
        #expect(html.contains("<title>Sunrise · Music Studio</title>"))
        #expect(html.contains(#"<meta property="og:type" content="music.song">"#))
        #expect(html.contains(#"<meta property="og:title" content="Sunrise">"#))
        #expect(html.contains(#"<meta property="og:site_name" content="Music Studio">"#))
        #expect(html.contains(#"<meta property="og:url" content="https://music.example.com/s/tok_3f9a2c71d8e4/">"#))
        #expect(html.contains(#"<link rel="canonical" href="https://music.example.com/s/tok_3f9a2c71d8e4/">"#))
        #expect(html.contains(#"<meta property="og:description" content="warm evolving pads"#))
        #expect(html.contains(#"<meta name="twitter:card" content="summary_large_image">"#))
        #expect(html.contains(#"<meta property="og:image" content="https://music.example.com/s/tok_3f9a2c71d8e4/cover-0123456789abcdef.png">"#))
        #expect(html.contains(#"<link rel="alternate" type="application/json+oembed" href="https://music.example.com/s/tok_3f9a2c71d8e4/oembed.json" title="Sunrise">"#))
        #expect(html.contains(#"<meta property="og:audio:type" content="audio/mpeg">"#))
    }

    @Test func ogAudioIsThePrimaryAudiosAbsoluteURL() throws {
        var context = try Self.trackContext()
        // Make the primary audio the second format, to see the tag follows `primary_audio`.
        let second = try #require(context["track"]?["audio"].flatMap { if case .array(let items) = $0 { items[1] } else { nil } })
        context = context.setting(["track", "primary_audio"], to: second)
        let html = try Self.templates().render("track", context)
        let url = try #require(second["absolute_url"]?.text)
        #expect(url == "https://music.example.com/s/tok_3f9a2c71d8e4/sunrise.flac")
        #expect(HTMLShape.metaContents(property: "og:audio", in: html) == [url])
        #expect(HTMLShape.metaContents(property: "og:audio:type", in: html) == ["audio/flac"])
    }

    @Test func everyAudioFormatHasASourceAndADownloadLink() throws {
        let html = try Self.templates().render("track", Self.trackContext())
        #expect(html.contains(#"<audio controls preload="metadata" aria-label="Play Sunrise">"#))
        for (file, mime) in [("sunrise.mp3", "audio/mpeg"), ("sunrise.flac", "audio/flac")] {
            #expect(html.contains(#"<source src="\#(file)" type="\#(mime)">"#))
            let named = "Sunrise." + file.split(separator: ".").last!
            #expect(html.contains(#"<a class="download" href="\#(file)?download=1" type="\#(mime)" download="\#(named)">"#))
        }
        for stem in ["pads", "choir"] {
            #expect(html.contains(#"<a class="download download--stem" href="sunrise.\#(stem).wav?download=1" type="audio/wav" download="Sunrise - \#(stem).wav">"#))
        }
        #expect(html.components(separatedBy: "<source ").count - 1 == 2)
        #expect(html.contains(#"<a href="../../v1/music/shares/tok_3f9a2c71d8e4/index.json" type="application/json">"#))
    }

    @Test func waveformSVGIsInsertedUnescapedInsideALabelledImage() throws {
        let context = try Self.trackContext()
        let svg = try #require(context["track"]?["waveform_svg"]?.text)
        let html = try Self.templates().render("track", context)
        #expect(html.contains(svg))
        #expect(!html.contains("&lt;svg"))
        #expect(html.contains(#"<div class="waveform" role="img" aria-label="Waveform of Sunrise, 1:30 long" data-waveform>"#))
    }

    @Test func titleAndPromptAreEscapedEverywhere() throws {
        let title = #"Rock & <Roll> "live""#
        let prompt = #"<script>alert('x')</script> & pads"#
        let context = try Self.trackContext()
            .setting(["track", "title"], to: .string(title))
            .setting(["track", "prompt"], to: .string(prompt))
        let html = try Self.templates().render("track", context)
        #expect(!html.contains("<Roll>"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<title>Rock &amp; &lt;Roll&gt; &quot;live&quot; · Music Studio</title>"))
        #expect(html.contains(#"<meta property="og:title" content="Rock &amp; &lt;Roll&gt; &quot;live&quot;">"#))
        #expect(html.contains(#"<h1 id="track-title">Rock &amp; &lt;Roll&gt; &quot;live&quot;</h1>"#))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; pads"))
        #expect(HTMLShape.problems(in: html).isEmpty)
    }

    @Test(arguments: [
        ("commercial_cleared", "Commercial use cleared", true, true, "Instrument samples: FluidR3_GM SoundFont, MIT licence" as String?),
        ("commercial_enterprise", "Commercial use (enterprise)", true, false, nil),
        ("personal_only", "Personal use only", false, true, "Loops by K. Ito <ki@example.com>, CC BY-NC 4.0"),
        ("unclear", "Licence unclear", false, false, nil),
        ("personal_only", "Personal use only", false, false, "Credited anyway, but not required"),
    ])
    func licenceBadgeAndAttributionFollowTheLicence(licenceClass: String, label: String, commercial: Bool, requiresAttribution: Bool, attribution: String?) throws {
        let licence: TemplateValue = [
            "class": .string(licenceClass), "label": .string(label), "commercial_use": .bool(commercial),
            "requires_attribution": .bool(requiresAttribution), "attribution": attribution.map(TemplateValue.string) ?? .null,
        ]
        let html = try Self.templates().render("track", Self.trackContext().setting(["track", "licence"], to: licence))
        #expect(html.contains(#"<p class="badge badge--\#(licenceClass)"><span class="badge__label">\#(HTMLEscaping.escape(label))</span></p>"#))
        #expect(html.contains("Commercial use: <strong>\(commercial ? "yes" : "no")</strong>"))
        #expect(html.contains(#"<div class="attribution">"#) == requiresAttribution)
        #expect(html.contains("Attribution required") == requiresAttribution)
        if let attribution {
            #expect(html.contains(HTMLEscaping.escape(attribution)) == requiresAttribution)
        }
    }

    @Test func attributionRequiredButMissingStillSaysSo() throws {
        let licence: TemplateValue = ["class": "personal_only", "label": "Personal use only", "commercial_use": false, "requires_attribution": true, "attribution": nil]
        let html = try Self.templates().render("track", Self.trackContext().setting(["track", "licence"], to: licence))
        #expect(html.contains("Attribution required"))
        #expect(html.contains("Credit the sources named in this track’s licence."))
    }

    @Test func trackWithoutTempoOrKeySaysSo() throws {
        let context = try Self.trackContext().setting(["track", "bpm"], to: nil).setting(["track", "key"], to: nil)
        let html = try Self.templates().render("track", context)
        #expect(html.contains("<dd>Free time</dd>"))
        #expect(html.contains("<dd>Not set</dd>"))
        #expect(!html.contains(" BPM"))
    }

    // MARK: Collection page

    @Test func collectionPageShowsItsSummary() throws {
        let html = try Self.templates().render("collection", Self.collectionContext())
        #expect(html.contains("<title>Morning Focus · Music Studio</title>"))
        #expect(html.contains("<h1>Morning Focus</h1>"))
        #expect(html.contains(#"<p class="lede">Slow starts for the first hour of the day: pads, a lazy beat, and rain.</p>"#))
        #expect(html.contains("<div><dt>Tracks</dt><dd>3</dd></div>"))
        #expect(html.contains("<div><dt>Total length</dt><dd>4:10</dd></div>"))
        #expect(html.contains(#"<meta property="og:type" content="music.playlist">"#))
        // og:audio is the first track's.
        #expect(HTMLShape.metaContents(property: "og:audio", in: html) == ["https://music.example.com/s/tok_8b1e5a09c2f6/01-sunrise.mp3"])
    }

    @Test func collectionWithoutDescriptionLeavesItOut() throws {
        let html = try Self.templates().render("collection", Self.collectionContext().setting(["collection", "description"], to: nil))
        #expect(!html.contains(#"class="lede""#))
        #expect(html.contains(#"<meta property="og:description" content="3 tracks, 4:10.">"#))
    }

    @Test func collectionTracksAppearInPositionOrderEachWithItsOwnPlayer() throws {
        let html = try Self.templates().render("collection", Self.collectionContext())
        let titles = ["Sunrise", "Coffee Steam", "Grey Morning"]
        let offsets = try titles.enumerated().map { position, title in
            try #require(html.range(of: #"<span class="visually-hidden">Track \#(position + 1): </span>\#(title)</h3>"#)).lowerBound
        }
        #expect(offsets == offsets.sorted())
        #expect(html.components(separatedBy: "<audio controls preload=\"metadata\"").count - 1 == 3)
        #expect(html.components(separatedBy: #"role="img" aria-label="Waveform of "#).count - 1 == 3)
        for file in ["01-sunrise.mp3", "01-sunrise.flac", "02-coffee-steam.mp3", "03-grey-morning.mp3", "03-grey-morning.ogg"] {
            #expect(html.contains(#"<source src="\#(file)""#))
        }
        // Each track's own licence: two require attribution, the unclear one does not.
        #expect(html.components(separatedBy: #"<div class="attribution">"#).count - 1 == 2)
        for badge in ["badge--commercial_cleared", "badge--personal_only", "badge--unclear"] {
            #expect(html.contains(badge))
        }
    }

    @Test func collectionOffersPlayAllWithAndWithoutJavaScript() throws {
        let html = try Self.templates().render("collection", Self.collectionContext())
        #expect(html.contains(#"<a class="button button--quiet" href="playlist.m3u" type="audio/x-mpegurl" data-playlist>"#))
        #expect(html.contains(#"<button type="button" class="button" data-play-all hidden>"#))
        #expect(html.contains(#"<p class="status" role="status" data-status></p>"#))
    }

    // MARK: Not found

    @Test func notFoundPageExplainsTheLink() throws {
        let html = try Self.templates().render("404", Self.notFoundContext())
        #expect(html.contains("<h1>This link has expired, been revoked, or never existed</h1>"))
        #expect(html.contains("<title>Link not found · Music Studio</title>"))
        #expect(!html.contains("<script"))
    }

    // MARK: The checker itself

    @Test(arguments: [
        ("<div><p>text</div></p>", "</div> closes <p>"),
        ("<div><span>", "unclosed: div > span"),
        ("<a href=x>link</a>", "not in double quotes"),
        (#"<p id="a"></p><p id="a"></p>"#, "duplicate id `a`"),
        (#"<meta content="<b>">"#, "a raw `<` in an attribute value"),
    ])
    func theShapeCheckerCatchesMistakes(html: String, problem: String) {
        #expect(HTMLShape.problems(in: html).contains { $0.contains(problem) }, "\(HTMLShape.problems(in: html))")
    }

    @Test func theShapeCheckerAcceptsVoidElementsSVGAndScripts() {
        let html = #"<!doctype html><html><head><meta charset="utf-8"><script>if (a < b && c > d) {}</script></head><body><!-- <div> --><svg><rect x="1"/></svg><audio controls><source src="a.mp3"></audio></body></html>"#
        #expect(HTMLShape.problems(in: html).isEmpty, "\(HTMLShape.problems(in: html))")
    }

    // MARK: Previews

    /// Writes the sample pages and the stylesheet to `$SHARE_PAGE_PREVIEW_DIR` (as
    /// `s/track/index.html`, `s/collection/index.html`, `404.html`, `assets/style.css`, so the
    /// relative asset URLs resolve) when that variable is set; otherwise does nothing.
    @Test func writesPreviewsWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["SHARE_PAGE_PREVIEW_DIR"], !path.isEmpty else { return }
        let root = URL(fileURLWithPath: path)
        let pages = try Self.renderAll()
        let manager = FileManager.default
        for directory in ["s/track", "s/collection", "assets"] {
            try manager.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try pages[0].html.write(to: root.appendingPathComponent("s/track/index.html"), atomically: true, encoding: .utf8)
        try pages[1].html.write(to: root.appendingPathComponent("s/collection/index.html"), atomically: true, encoding: .utf8)
        // The preview 404 sits at the root, so its root-absolute asset URL becomes relative.
        try pages[2].html.replacingOccurrences(of: "href=\"/assets/", with: "href=\"assets/")
            .write(to: root.appendingPathComponent("404.html"), atomically: true, encoding: .utf8)
        let css = root.appendingPathComponent("assets/style.css")
        try? manager.removeItem(at: css)
        try manager.copyItem(at: Self.templatesDirectory.appendingPathComponent("style.css"), to: css)
    }
}

// MARK: - Helpers

extension TemplateValue {
    /// A copy with the value at `path` (through dictionaries) replaced by `value`.
    func setting(_ path: [String], to value: TemplateValue) -> TemplateValue {
        guard let first = path.first else { return value }
        guard case .dictionary(var members) = self else { return self }
        members[first] = (members[first] ?? .null).setting(Array(path.dropFirst()), to: value)
        return .dictionary(members)
    }
}

/// Just enough HTML reading to check what the templates produce: tags balance, attributes are
/// quoted, ids are unique.
enum HTMLShape {
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    static let rawTextElements: Set<String> = ["script", "style"]

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: [String: String]
    }

    /// The tags of `html` in order, and the problems met while reading them.
    static func tags(in html: String) -> (tags: [Tag], problems: [String]) {
        var tags: [Tag] = []
        var problems: [String] = []
        let characters = Array(html.unicodeScalars)
        var index = 0
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(characters[range])) }
        func starts(with prefix: String, at position: Int) -> Bool {
            let scalars = Array(prefix.unicodeScalars)
            guard position + scalars.count <= characters.count else { return false }
            return text(position..<position + scalars.count).lowercased() == prefix.lowercased()
        }
        while index < characters.count {
            guard characters[index] == "<" else { index += 1; continue }
            if starts(with: "<!--", at: index) {
                guard let end = find("-->", in: characters, from: index + 4) else {
                    problems.append("unterminated comment"); break
                }
                index = end + 3
                continue
            }
            if starts(with: "<!doctype", at: index) {
                index = (find(">", in: characters, from: index) ?? characters.count) + 1
                continue
            }
            // Read one tag, honouring quoted attribute values.
            var position = index + 1
            let closing = position < characters.count && characters[position] == "/"
            if closing { position += 1 }
            let nameStart = position
            while position < characters.count, characters[position].properties.isAlphabetic || ("0"..."9").contains(characters[position]) || characters[position] == "-" {
                position += 1
            }
            let name = text(nameStart..<position).lowercased()
            if name.isEmpty { problems.append("a bare `<` at offset \(index)"); index += 1; continue }
            var attributes: [String: String] = [:]
            var selfClosing = false
            while position < characters.count, characters[position] != ">" {
                let character = characters[position]
                if character == " " || character == "\n" || character == "\t" { position += 1; continue }
                if character == "/" { selfClosing = true; position += 1; continue }
                let attributeStart = position
                while position < characters.count, !" \n\t=>/".unicodeScalars.contains(characters[position]) { position += 1 }
                let attribute = text(attributeStart..<position).lowercased()
                var value = ""
                if position < characters.count, characters[position] == "=" {
                    position += 1
                    guard position < characters.count, characters[position] == "\"" else {
                        problems.append("<\(name)>: the value of `\(attribute)` is not in double quotes"); continue
                    }
                    guard let end = find("\"", in: characters, from: position + 1) else { problems.append("unterminated attribute"); break }
                    value = text(position + 1..<end)
                    if value.contains("<") { problems.append("<\(name) \(attribute)>: a raw `<` in an attribute value") }
                    position = end + 1
                }
                if attributes[attribute] != nil { problems.append("<\(name)>: `\(attribute)` appears twice") }
                attributes[attribute] = value
            }
            tags.append(Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes))
            index = position + 1
            if !closing, rawTextElements.contains(name) {
                guard let end = find("</\(name)", in: characters, from: index) else { problems.append("unterminated <\(name)>"); break }
                index = end
            }
        }
        return (tags, problems)
    }

    static func problems(in html: String) -> [String] {
        let tags: [Tag]
        var problems: [String]
        (tags, problems) = self.tags(in: html)
        var stack: [String] = []
        var ids: Set<String> = []
        for tag in tags {
            if tag.closing {
                if stack.last == tag.name { stack.removeLast() } else {
                    problems.append("</\(tag.name)> closes <\(stack.last ?? "nothing")> (open: \(stack.joined(separator: " > ")))")
                    break
                }
            } else {
                if let id = tag.attributes["id"], !ids.insert(id).inserted { problems.append("duplicate id `\(id)`") }
                if !tag.selfClosing, !voidElements.contains(tag.name) { stack.append(tag.name) }
            }
        }
        if !stack.isEmpty, problems.isEmpty { problems.append("unclosed: \(stack.joined(separator: " > "))") }
        return problems
    }

    static func headingLevels(in html: String) -> [Int] {
        tags(in: html).tags.compactMap { tag in
            guard !tag.closing, tag.name.count == 2, tag.name.hasPrefix("h"), let level = Int(tag.name.dropFirst()) else { return nil }
            return level
        }
    }

    static func metaContents(property: String, in html: String) -> [String] {
        tags(in: html).tags.filter { $0.name == "meta" && $0.attributes["property"] == property }.compactMap { $0.attributes["content"] }
    }

    static func contents(of element: String, in html: String) -> [String] {
        html.components(separatedBy: "<\(element)").dropFirst().compactMap { rest in
            guard let open = rest.firstIndex(of: ">"), let close = rest.range(of: "</\(element)>") else { return nil }
            return String(rest[rest.index(after: open)..<close.lowerBound])
        }
    }

    private static func find(_ needle: String, in characters: [Unicode.Scalar], from start: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        guard !pattern.isEmpty, characters.count >= pattern.count else { return nil }
        var position = start
        while position + pattern.count <= characters.count {
            if characters[position..<position + pattern.count].elementsEqual(pattern) { return position }
            position += 1
        }
        return nil
    }
}
