import Foundation
import StudioCore
import Testing

extension LiveServerTests {
    /// Issue #17 items 1 and 7 on the real app: the home page, the API reference, the pages of
    /// revoked and expired links, download names, the embed page and oEmbed.
    @Suite struct ServedPagesTests {
        @Test func theHomePageSaysWhatTheServerIsAndListsSharesOnlyToTheLocalOperator() async throws {
            try await StudioTestServer.with { s in
                let empty = try await s.send("GET", "/")
                #expect(empty.status == 200, "a fresh serve's / is a page, not the expired-link 404: \(empty.status)")
                #expect(empty.headers["Content-Type"]?.hasPrefix("text/html") == true)
                #expect(empty.text.contains("<h1>Music Studio</h1>"), "the site's title")
                for link in [#"href="/studio/""#, #"href="/docs/api/""#, #"href="/focus/""#, #"href="/v1/openapi.json""#] {
                    #expect(empty.text.contains(link), "links to \(link)")
                }
                #expect(empty.text.contains("Nothing is shared yet"))
                #expect(empty.headers["Cache-Control"] == "no-store")
                #expect(empty.headers["Content-Security-Policy"]?.contains("frame-ancestors 'self'") == true)

                let trackID = try await s.makeTrack(s.userA, prompt: "slow rain on a tin roof")
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                let title = try #require(try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)["title"]?.string)
                let listed = try await s.send("GET", "/")
                #expect(listed.text.contains(#"href="/s/\#(token)/""#), "the local operator sees the share")
                #expect(listed.text.contains(HTMLEscape.text(title)))
                #expect(listed.text.contains(try #require(share["id"]?.string)), "with the id that revokes it")

                // Through a proxy (a forwarding header), the same server is someone else's: no list.
                let proxied = try await s.send("GET", "/", headers: [("X-Forwarded-For", "203.0.113.9")])
                #expect(proxied.status == 200)
                #expect(!proxied.text.contains(token), "a share token is never shown to a remote visitor")
                #expect(proxied.text.contains("only in a browser on the server"))

                // Never written to public/.
                let published = FileManager.default.enumerator(atPath: s.configuration.outputDirectory.path)?
                    .compactMap { $0 as? String } ?? []
                #expect(!published.contains("index.html"), "no home page in public/: \(published)")
                #expect(try await s.send("POST", "/").status == 405)
            }
        }

        @Test func theAPIReferenceIsRenderedFromTheOpenAPIDocument() async throws {
            try await StudioTestServer.with { s in
                let document = try await s.send("GET", "/v1/openapi.json").json
                let page = try await s.send("GET", "/docs/api/")
                #expect(page.status == 200)
                #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
                var operations = 0
                for (path, item) in document["paths"]?.object ?? [:] {
                    #expect(page.text.contains("<code class=\"operation__path\">\(HTMLEscape.text(path))</code>"), "\(path)")
                    for (method, operation) in item.object ?? [:] {
                        operations += 1
                        let id = try #require(operation["operationId"]?.string)
                        #expect(page.text.contains("id=\"op-\(id)\""), "\(method) \(path): \(id)")
                        #expect(page.text.contains(HTMLEscape.text(operation["summary"]?.string ?? "-")), "\(id)'s summary")
                    }
                }
                #expect(operations > 20)
                for schema in (document["components"]?["schemas"]?.object ?? [:]).keys {
                    #expect(page.text.contains("id=\"schema-\(schema)\""), "schema \(schema)")
                }
                // Our own page: no script at all, nothing from another origin.
                #expect(!page.text.contains("<script"))
                #expect(page.text.firstMatch(of: /(?:src|href)="(?:https?:)?\/\//) == nil, "nothing fetched from a CDN")
                #expect(try await s.send("GET", "/docs/api").status == 301)
            }
        }

        @Test func revokedAndExpiredLinksHaveTheirOwnPagesWith410() async throws {
            let clock = MovableClock()
            try await StudioTestServer.with(clock: { clock.now }) { s in
                let trackID = try await s.makeTrack(s.userA)
                let revoked = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let revokedToken = try #require(revoked["token"]?.string)
                let expiring = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share",
                                                json: ["expires_at": .string(Timestamp.rfc3339(clock.now.addingTimeInterval(60).rounded()))],
                                                auth: s.userA.auth)
                let expiringToken = try #require(expiring["token"]?.string)
                try await LiveServerTests.BrowserTests.waitForPage(s, "/s/\(revokedToken)/")
                try await LiveServerTests.BrowserTests.waitForPage(s, "/s/\(expiringToken)/")
                #expect(try await s.send("DELETE", "\(s.p())/shares/\(try #require(revoked["id"]?.string))", auth: s.userA.auth).status == 204)
                clock.advance(seconds: 120)

                let revokedPage = try await s.send("GET", "/s/\(revokedToken)/")
                #expect(revokedPage.status == 410)
                #expect(revokedPage.text.contains("This link was revoked"))
                #expect(revokedPage.text.contains("page--revoked"), "the theme's page, styled")
                #expect(revokedPage.text.contains("/assets/style.css"))
                #expect(!revokedPage.text.contains("never existed"), "not the not-found page")

                let expiredPage = try await s.send("GET", "/s/\(expiringToken)/")
                #expect(expiredPage.status == 410)
                #expect(expiredPage.text.contains("This link has expired"))
                #expect(expiredPage.text.contains("page--expired"))
                #expect(!expiredPage.text.contains("revoked"))

                // Their files and mirrors are gone too; an unknown link is still a plain 404.
                #expect(try await s.send("GET", "/s/\(revokedToken)/oembed.json").status == 410)
                #expect(try await s.send("GET", "/v1/music/shares/\(expiringToken)").errorCode == "share_expired")
                let unknown = try await s.send("GET", "/s/mss_\(String(repeating: "A", count: 32))/")
                #expect(unknown.status == 404)

                // Every page the server renders itself parses strictly (html5lib, as the published ones do).
                let home = try await s.send("GET", "/").text, reference = try await s.send("GET", "/docs/api/").text
                try Self.expectStrictHTML(["home": home, "api": reference, "revoked": revokedPage.text, "expired": expiredPage.text])
            }
        }

        @Test func downloadLinksNameTheFileAfterTheTitle() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA)
                let patchTitle = try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)
                let title = try #require(patchTitle["title"]?.string)
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                try await LiveServerTests.BrowserTests.waitForPage(s, "/s/\(token)/")
                let page = try await s.send("GET", "/s/\(token)/").text
                let href = try #require(page.firstMatch(of: /class="download" href="([^"?]+)\?download=1"/).map { String($0.output.1) })

                let download = try await s.send("GET", "/s/\(token)/\(href)?download=1")
                #expect(download.status == 200)
                let format = try #require(href.split(separator: ".").last)
                let expected = "\(title).\(format)"
                #expect(download.headers["Content-Disposition"]?.hasPrefix("attachment; filename=\"") == true)
                #expect(download.headers["Content-Disposition"]?.contains("filename*=UTF-8''"
                    + (expected.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? "")) == true,
                        "\(download.headers["Content-Disposition"] ?? "none") for \(expected)")
                let ranged = try await s.send("GET", "/s/\(token)/\(href)?download=1", headers: [("Range", "bytes=0-99")])
                #expect(ranged.status == 206 && ranged.headers["Content-Disposition"] != nil)
                let played = try await s.send("GET", "/s/\(token)/\(href)")
                #expect(played.status == 200 && played.headers["Content-Disposition"] == nil, "the player's requests stay inline")

                // Signed media: the name the caller asks for.
                let signed = try #require(try await s.send("GET", "\(s.p())/tracks/\(trackID)", auth: s.userA.auth)["playback"]?["url"]?.string)
                let media = try await s.send("GET", StudioTestServer.localPath(signed) + "&download=Caf%C3%A9%20%22Mix%22.mp3")
                #expect(media.status == 200)
                #expect(media.headers["Content-Disposition"] == #"attachment; filename="Cafe _Mix_.mp3"; filename*=UTF-8''Caf%C3%A9%20%22Mix%22.mp3"#)
                let plain = try await s.send("GET", StudioTestServer.localPath(signed) + "&download=1")
                #expect(plain.headers["Content-Disposition"]?.hasPrefix("attachment; filename=\"") == true)
                #expect(try await s.send("GET", StudioTestServer.localPath(signed)).headers["Content-Disposition"] == nil)
            }
        }

        @Test func theEmbedPageMayBeFramedAndOEmbedPointsAtIt() async throws {
            try await StudioTestServer.with { s in
                let trackID = try await s.makeTrack(s.userA)
                let share = try await s.send("POST", "\(s.p())/tracks/\(trackID)/share", auth: s.userA.auth)
                let token = try #require(share["token"]?.string)
                try await LiveServerTests.BrowserTests.waitForPage(s, "/s/\(token)/")

                let page = try await s.send("GET", "/s/\(token)/")
                #expect(page.headers["Content-Security-Policy"]?.contains("frame-ancestors 'self'") == true)
                let discovery = "\(StudioTestServer.baseURL)/s/\(token)/oembed.json"
                #expect(page.text.contains(#"<link rel="alternate" type="application/json+oembed" href="\#(discovery)""#))

                let oembed = try await s.send("GET", "/s/\(token)/oembed.json")
                #expect(oembed.status == 200 && oembed.headers["Content-Type"]?.hasPrefix("application/json") == true)
                #expect(oembed["type"] == "rich" && oembed["version"] == "1.0")
                let html = try #require(oembed["html"]?.string)
                #expect(html.contains(#"src="\#(StudioTestServer.baseURL)/s/\#(token)/embed/""#))

                let embed = try await s.send("GET", "/s/\(token)/embed/")
                #expect(embed.status == 200)
                let policy = try #require(embed.headers["Content-Security-Policy"])
                #expect(policy.contains("frame-ancestors *"), "\(policy)")
                #expect(policy.contains("'sha256-"), "its inline script is allowed by its hash")
                #expect(embed.text.contains("<audio"))
                let coverName = try #require(page.text.firstMatch(of: /og:image" content="[^"]*\/(cover-[0-9a-f]+\.png)"/).map { String($0.output.1) })
                let cover = try await s.send("GET", "/s/\(token)/\(coverName)")
                #expect(cover.status == 200 && cover.headers["Content-Type"] == "image/png")
                #expect(cover.raw.body.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            }
        }
    }
}

extension LiveServerTests.ServedPagesTests {
    /// html5lib's strict parser (python3-html5lib, installed by `make test`) raises on the first parse error.
    static func expectStrictHTML(_ pages: [String: String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("served-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, html) in pages { try Data(html.utf8).write(to: directory.appendingPathComponent("\(name).html")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import html5lib, sys
            for path in sys.argv[1:]:
                try: html5lib.HTMLParser(strict=True).parse(open(path, 'rb'))
                except Exception as error: sys.exit('%s: %s' % (path, error))
            """] + pages.keys.sorted().map { directory.appendingPathComponent("\($0).html").path }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "html5lib: \(message)")
    }
}

/// The escaping the templates apply to text, for looking text up in a page.
enum HTMLEscape {
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
