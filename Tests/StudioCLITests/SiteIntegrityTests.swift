import Foundation
import StudioCore
import StudioStore
import Testing

/// Issue #4's "must show" for the published site, through the real `studio` binary.
@Suite struct SiteIntegrityTests {
    static let valid = """
        { organization: "demo",
          tracks: {
            shared: { engine: "pulse-1", prompt: "techno", duration: 3, formats: ["mp3", "flac"], title: "Shared Song" },
            hidden: { engine: "pulse-1", prompt: "house", duration: 3, seed: 9, title: "Secret Sketch" },
          },
          collections: { set: { name: "Set", tracks: ["shared"] } },
          shares: [ { track: "shared" }, { collection: "set" } ],
        }
        """

    @Test func everyProblemIsReportedWithItsPlaceAndTheStateIsUntouched() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", Self.valid)
        #expect(try project.build().status == 0)
        let stateBefore = try project.contents(of: project.state), siteBefore = try project.contents(of: project.output)

        try project.write("a.json5", """
            {
              organization: "demo",
              tracks: {
                one: { engine: "nope-1", prompt: "x", duration: 5 },
                two: { engine: "lofi-1", prompt: "x", duration: "soon" },
                three: { engine: "lofi-1", prompt: "x", duration: 5, colour: "blue" },
              },
              collections: { mix: { name: "Mix", tracks: ["ghost"] } },
            }
            """)
        try project.write("b.json5", "{ organization: \"demo\", tracks: { one: { engine: \"lofi-1\", prompt: \"y\", duration: 5 } } }\n")
        try project.write("c.json5", "{ organization: \"other\", tracks: { x: { engine: \"lofi-1\" prompt: \"y\" } } }\n")
        let result = try project.build()
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let expected: [(place: String, words: String)] = [
            ("a.json5:4:", "nope-1"), ("a.json5:5:", "soon"), ("a.json5:6:", "colour"), ("a.json5:8:", "ghost"),
            ("b.json5:1:", "duplicate"), ("c.json5:1:", "syntax error"),
        ]
        for (place, words) in expected {
            #expect(lines.contains { $0.hasPrefix(project.recipes.path + "/" + place) && $0.contains(words) }, "no \(place) … \(words) in:\n\(result.stderr)")
        }
        for line in lines.dropLast() {
            #expect(line.firstMatch(of: #/\/recipes\/[abc]\.json5:\d+:\d+: /#) != nil, "not file:line:column: \(line)")
        }
        #expect(try project.contents(of: project.state) == stateBefore, "the state is byte-for-byte unchanged")
        #expect(try project.contents(of: project.output) == siteBefore)
    }

    @Test func theSiteHoldsNothingPrivateParsesStrictlyAndEveryLocalLinkResolves() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", Self.valid)
        #expect(try project.build().status == 0)
        let account = try StudioProcess.run(["users", "create", "a@example.com", "--org", "demo", "--role", "owner", "--json",
                                             "--state", project.state.path])
        let token = try #require(try JSONSerialization.jsonObject(with: Data(account.stdout.utf8)) as? [String: String])["token"]!
        let keyResult = try StudioProcess.run(["keys", "create", "--user", "a@example.com", "--org", "demo", "--json",
                                               "--state", project.state.path])
        let key = try #require(try JSONSerialization.jsonObject(with: Data(keyResult.stdout.utf8)) as? [String: String])["key"]!
        #expect(try StudioProcess.run(["publish", "--state", project.state.path, "--out", project.output.path,
                                       "--templates", SiteProject.templates]).status == 0)

        let store = try StateStore(directory: project.state)
        let org = try #require(try store.organization(slug: "demo"))
        let hidden = try #require(try store.tracks(organizationID: org.id).items.first { $0.title == "Secret Sketch" })
        let secret = try SigningSecret.load(from: project.state)
        let forbidden = [hidden.id, "Secret Sketch", "secret-sketch", token, key, SHA256.Digest(bytes: secret).hex,
                         Data(secret).base64EncodedString(), Base64URL.encode(secret), hidden.inputHash]
        let site = try project.contents(of: project.output)
        #expect(site.keys.contains { $0.hasSuffix("shared-song.mp3") })
        for (path, bytes) in site {
            #expect(!bytes.contains(Data(secret)), "\(path) contains the raw signing secret")
            let text = String(decoding: bytes, as: UTF8.self)
            for needle in forbidden { #expect(!text.contains(needle) && !path.contains(needle), "\(path) leaks \(needle)") }
        }

        // Every page through html5lib's strict parser, which raises on the first parse error.
        let pages = site.keys.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 6, "two share pages, their embed pages, 404.html and focus/index.html: \(pages)")
        let script = """
            import html5lib, sys
            for path in sys.argv[1:]:
                html5lib.HTMLParser(strict=True).parse(open(path, 'rb'))
            print('parsed', len(sys.argv) - 1)
            """
        let parsed = try StudioProcess.runTool(URL(fileURLWithPath: "/usr/bin/python3"),
                                               ["-c", script] + pages.map { project.output.appendingPathComponent($0).path })
        #expect(parsed.status == 0 && parsed.stdout.contains("parsed \(pages.count)"),
                "html5lib (python3-html5lib, installed by make test): \(parsed.stderr)")

        // Every local href and src resolves to a file under public/.
        for page in pages {
            let html = String(decoding: site[page]!, as: UTF8.self)
            let base = URL(fileURLWithPath: project.output.appendingPathComponent(page).path).deletingLastPathComponent()
            for match in html.matches(of: /(?:href|src)="([^"#?]*)[^"]*"/) {
                let link = String(match.output.1)
                guard !link.isEmpty, !link.contains(":") else { continue }
                let target = link.hasPrefix("/") ? project.output.appendingPathComponent(String(link.dropFirst()))
                    : base.appendingPathComponent(link)
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: target.standardizedFileURL.path, isDirectory: &isDirectory)
                let resolves = exists && (!isDirectory.boolValue
                    || FileManager.default.fileExists(atPath: target.appendingPathComponent("index.html").path)
                    || FileManager.default.fileExists(atPath: target.appendingPathComponent("index.json").path))
                #expect(resolves, "\(page): \(link) does not resolve")
            }
        }
    }

    @Test func aBuildKilledAtAnyPointCompletesWhenRunAgain() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", """
            { organization: "demo",
              tracks: {
                a: { engine: "pulse-1", prompt: "techno", duration: 20, formats: ["flac", "mp3"] },
                b: { engine: "lofi-1", prompt: "rain", duration: 20, stems: true },
                c: { engine: "ambient-1", prompt: "calm", duration: 20 },
                d: { engine: "keys-1", prompt: "piano", duration: 20 },
              },
              collections: { all: { name: "All", tracks: ["a", "b", "c", "d"] } },
              shares: [ { collection: "all" }, { track: "a" }, { track: "b" } ],
            }
            """)
        var random = SeededRandom(seed: 4)
        for round in 0..<5 {
            let process = Process()
            process.executableURL = StudioProcess.executable
            process.arguments = ["build", "-q", "--jobs", "2"] + project.locations
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = random.uniform(0.02...(0.3 + Double(round) * 0.4))
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: project.state.appendingPathComponent("state.sqlite").path) {
                #expect(try StateStore(directory: project.state).integrityCheck() == "ok", "after a kill at \(delay) s")
            }
        }
        let finished = try project.build()
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(try StateStore(directory: project.state).integrityCheck() == "ok")
        let site = try project.contents(of: project.output)
        #expect(site.keys.filter { $0.hasSuffix("index.html") }.count == 3 * 2 + 1, "the share pages, their embed pages and the focus player")
        #expect(!site.keys.contains { $0.split(separator: "/").contains { $0.hasPrefix(".") } }, "a temporary file was left")
        let again = try project.build()
        #expect(again.stderr.contains("plan: 0 renders") && again.stderr.contains("0 files written"), "\(again.stderr)")
    }
}
