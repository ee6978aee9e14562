import Foundation
import Testing

extension LiveServerTests {
    /// Issue #17 item 2: the console at `/studio/` comes from the binary (never from `public/`),
    /// each file with its type, and a policy that lets it run its own script and call this
    /// origin's API, nothing more. The browser side is scripts/browser/console_e2e.py.
    @Suite struct ConsoleAssetTests {
        /// The files the console's page names, and the type each must be served as; the script's
        /// modules are found by following its imports.
        static let pageAssets = ["console.css": "text/css", "console.js": "text/javascript"]

        @Test func thePageAndEachAssetAreServedWithTheirTypeAndPolicy() async throws {
            try await StudioTestServer.with { s in
                let page = try await s.send("GET", "/studio/")
                #expect(page.status == 200)
                #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
                #expect(page.text.contains("<title>") && page.text.contains("Studio console"))
                let policy = try #require(page.headers["Content-Security-Policy"])
                let directives = Dictionary(policy.split(separator: ";").map { part -> (String, String) in
                    let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                    return (String(words[0]), words.count > 1 ? String(words[1]) : "")
                }, uniquingKeysWith: { first, _ in first })
                #expect(directives["default-src"] == "'none'")
                #expect(directives["script-src"] == "'self'", "no inline script, no hash, no eval: \(policy)")
                #expect(directives["style-src"] == "'self'")
                #expect(directives["connect-src"]?.hasPrefix("'self'") == true)
                #expect(directives["media-src"]?.hasPrefix("'self'") == true)
                #expect(directives["frame-ancestors"] == "'none'", "a signed-in console is never framed")
                #expect(directives["form-action"] == "'none'" && directives["base-uri"] == "'none'")
                #expect(!policy.contains("unsafe") && !policy.contains("*"))
                #expect(page.headers["X-Content-Type-Options"] == "nosniff")
                #expect(page.headers["Referrer-Policy"] == "no-referrer")
                #expect(page.headers["Cache-Control"] == "no-cache")
                // The page has no inline script (the policy would refuse it) and loads its assets by name.
                #expect(!page.text.contains("<script>") && !page.text.contains("style="))
                for name in Self.pageAssets.keys { #expect(page.text.contains("\"/studio/\(name)\""), "the page loads \(name)") }
                var pending: [(String, String)] = Self.pageAssets.map { ($0.key, $0.value) }
                var seen: Set<String> = []
                while let (name, type) = pending.popLast() {
                    guard seen.insert(name).inserted else { continue }
                    let asset = try await s.send("GET", "/studio/\(name)")
                    #expect(asset.status == 200, "\(name)")
                    #expect(asset.headers["Content-Type"] == "\(type); charset=utf-8", "\(name)")
                    #expect(asset.headers["X-Content-Type-Options"] == "nosniff")
                    #expect(!asset.raw.body.isEmpty)
                    let etag = try #require(asset.headers["ETag"])
                    let again = try await s.send("GET", "/studio/\(name)", headers: [("If-None-Match", etag)])
                    #expect(again.status == 304, "\(name) revalidates by its ETag")
                    for match in asset.text.matches(of: /from "\.\/([a-z-]+\.js)"/) { pending.append((String(match.1), "text/javascript")) }
                }
                #expect(seen.count > 3, "the script's modules were followed: \(seen)")
                // Nothing of the console is written to public/: a static host has no API.
                let published = try FileManager.default.subpathsOfDirectory(atPath: s.configuration.outputDirectory.path)
                #expect(!published.contains { $0.contains("studio") || $0.contains("console") }, "\(published)")
            }
        }

        @Test func otherPathsAndMethodsUnderStudioAreRefusedPlainly() async throws {
            try await StudioTestServer.with { s in
                let bare = try await s.send("GET", "/studio")
                #expect(bare.status == 301 && bare.headers["Location"] == "/studio/")
                let head = try await s.send("HEAD", "/studio/console.js")
                #expect(head.status == 200 && head.headers["Content-Type"] == "text/javascript; charset=utf-8")
                let missing = try await s.send("GET", "/studio/nothing-here.js")
                #expect(missing.status == 404)
                let traversal = try await s.send("GET", "/studio/../state/state.sqlite")
                #expect(traversal.status == 404 || traversal.status == 400)
                let post = try await s.send("POST", "/studio/", json: ["a": 1])
                #expect(post.status == 405 && post.headers["Allow"] == "GET, HEAD")
            }
        }
    }
}
