import Foundation
import Testing
@testable import StudioTemplates

/// `templates/focus.html`, the focus player (issue #6): one static page, rendered from the site
/// context alone, that reads the session and the credential from the URL fragment. Playback is
/// driven in headless Chromium by Tests/StudioServerTests/BrowserTests.swift.
@Suite struct FocusPageTemplateTests {
    static func render() throws -> String {
        try SharePageTemplateTests.templates().render("focus", [
            "site": ["name": "Music Studio", "assets_url": "../assets", "generator": "Music Studio"],
        ])
    }

    @Test func rendersFromTheSiteAloneAsAWellFormedUnlistedPage() throws {
        let html = try Self.render()
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
        #expect(html.contains(#"<meta name="robots" content="noindex">"#))
        #expect(html.contains(#"<meta name="referrer" content="no-referrer">"#))
        #expect(html.contains(#"<link rel="stylesheet" href="../assets/style.css">"#))
        let problems = HTMLShape.problems(in: html)
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
        let levels = HTMLShape.headingLevels(in: html)
        #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1, "\(levels)")
    }

    @Test func explainsItselfWithoutJavaScriptOrWithoutALink() throws {
        let html = try Self.render()
        let noscript = HTMLShape.contents(of: "noscript", in: html).joined()
        #expect(noscript.contains("needs JavaScript"))
        #expect(html.contains("data-no-link hidden"))
        #expect(html.contains("data-player-ui hidden"), "the player's controls appear only with JavaScript and a link")
    }

    @Test func controlsAreLabelledButtonsWithKeyboardShortcutsAndALiveStatus() throws {
        let html = try Self.render()
        #expect(html.contains(#"aria-keyshortcuts="Space" data-play"#))
        #expect(html.contains(#"aria-keyshortcuts="P" data-promote"#))
        #expect(html.contains(#"aria-keyshortcuts="E" data-end"#))
        #expect(html.contains(#"role="status" data-status"#))
        #expect(html.contains(#"role="progressbar" aria-label="#))
        #expect(html.contains(#"<dialog class="confirm" aria-labelledby="confirm-title""#), "ending asks for confirmation")
    }

    @Test func loadsNothingFromElsewhereAndKeepsItsScriptSmall() throws {
        let html = try Self.render()
        #expect(!html.contains("<script src"))
        for attribute in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http", "@import"] {
            #expect(!html.contains(attribute), "no external scripts, fonts or images: \(attribute)")
        }
        let scripts = HTMLShape.contents(of: "script", in: html)
        #expect(scripts.count == 1)
        #expect(scripts.allSatisfy { $0.utf8.count < 14_000 }, "\(scripts.map(\.utf8.count)) bytes")
        // The credential is read from the fragment, never from the query string.
        #expect(scripts.joined().contains("location.hash"))
        #expect(!scripts.joined().contains("location.search"))
    }
}
