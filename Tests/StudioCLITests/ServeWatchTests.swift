import Foundation
import Testing

/// `studio serve --watch` (issue #17, item 3): a real server process, its files edited under it.
/// Edits to a recipe and a template rebuild and reload an open page; a broken recipe shows its
/// `file:line:column` problem in the terminal and over the page, and leaves the state and the
/// site exactly as they were; bursts of writes make one rebuild; without `--watch` nothing of it exists.
@Suite(.serialized) struct ServeWatchTests {
    @Test func editsReloadAnOpenPageAndABrokenRecipeShowsItsPlaceOverIt() throws {
        guard BrowserSession.isAvailable else {
            Issue.record("chromium is not installed: run `make test`, which installs it (Debian package `chromium`)")
            return
        }
        let project = try WatchProject()
        defer { project.cleanUp() }
        let built = try project.studio(["build"])
        #expect(built.status == 0, "\(built.stderr)")
        let url = try #require(built.stdout.firstMatch(of: /acme\/collection:calm: (\S+)/)).output.1.description
        let server = try project.serve()
        defer { server.stop() }
        let browser = try BrowserSession()
        defer { browser.close() }

        let opened = try browser.send(["open": url])
        #expect((opened["text"] as? String)?.contains("Calm evening") == true, "\(opened)")
        #expect(opened["reload_script"] as? Bool == true, "the page served with --watch loads the reload script")

        // A recipe edit: the page reloads and shows it.
        try browser.send(["mark": true])
        try project.edit(project.recipe, WatchProject.recipe(collection: "Calm morning"))
        let recipeEdit = try browser.send(["wait": "reload", "timeout": 60])
        #expect(recipeEdit["marked"] as? Bool == false, "the page did not reload after the recipe edit: \(recipeEdit)\n\(project.terminal)")
        #expect((recipeEdit["text"] as? String)?.contains("Calm morning") == true, "\(recipeEdit)")

        // A template edit: likewise.
        let template = project.templates.appendingPathComponent("collection.html")
        let original = try String(contentsOf: template, encoding: .utf8)
        #expect(original.contains(">Shared collection<"))
        try browser.send(["mark": true])
        try project.edit(template, original.replacingOccurrences(of: ">Shared collection<", with: ">Shared mixtape<"))
        let templateEdit = try browser.send(["wait": "reload", "timeout": 60])
        #expect(templateEdit["marked"] as? Bool == false, "the page did not reload after the template edit: \(templateEdit)")
        // (The eyebrow is upper case on screen.)
        #expect((templateEdit["text"] as? String)?.lowercased().contains("shared mixtape") == true, "\(templateEdit)")
        #expect(project.waitForTerminal("rebuilt in", count: 3), "\(project.terminal)")

        // A broken recipe: its place in the terminal and over the page, which does not reload; nothing changes.
        let before = try project.stateAndSite()
        try browser.send(["mark": true])
        try project.edit(project.recipe, WatchProject.brokenRecipe)
        let broken = try browser.send(["wait": "overlay", "timeout": 60])
        let overlay = broken["overlay"] as? String ?? ""
        #expect(overlay.contains("recipes/site.json5:6:26: ") && overlay.contains("nmae"), "\(broken)")
        #expect(overlay.contains("nothing was written: the state and public/ are unchanged"), "\(broken)")
        #expect(broken["marked"] as? Bool == true, "a failed rebuild must not reload the page")
        #expect(project.waitForTerminal("nothing was written"), "\(project.terminal)")
        #expect(project.terminal.contains("\nrecipes/site.json5:6:26: "), "\(project.terminal)")
        Thread.sleep(forTimeInterval: 0.5)
        let after = try project.stateAndSite()
        #expect(after.api == before.api, "a failed rebuild changed the state")
        #expect(after.site == before.site, "a failed rebuild changed public/")
        #expect(before.api.allSatisfy { $0.contains(" 200 ") }, "\(before.api)")
        #expect(before.api[2].contains("Calm morning"), "\(before.api)")
        // A page opened while the rebuild is failed shows the problems at once.
        try browser.send(["open": url])
        let reopened = try browser.send(["wait": "overlay", "timeout": 10])
        #expect((reopened["overlay"] as? String)?.contains("recipes/site.json5:6:26: ") == true, "\(reopened)")

        // The fix: the overlay goes and the page shows the fixed recipe.
        try browser.send(["mark": true])
        try project.edit(project.recipe, WatchProject.recipe(collection: "Calm night"))
        let fixed = try browser.send(["wait": "reload", "timeout": 60])
        #expect(fixed["marked"] as? Bool == false && fixed["overlay"] is NSNull, "\(fixed)")
        #expect((fixed["text"] as? String)?.contains("Calm night") == true, "\(fixed)")
        #expect((fixed["errors"] as? [String])?.isEmpty == true, "the pages logged errors (a refused script?): \(fixed)")
        // Nothing of the watch is in public/.
        for (path, data) in try SiteProject.contents(of: project.project.output) {
            #expect(!String(decoding: data, as: UTF8.self).contains("_studio"), "\(path) holds the watch's script")
        }
    }

    @Test func theEventStreamTellsRebuildsAndProblemsAndABurstOfWritesIsOneRebuild() throws {
        let project = try WatchProject()
        defer { project.cleanUp() }
        // No build beforehand: the watch builds at start.
        let server = try project.serve()
        defer { server.stop() }
        #expect(project.terminal.contains("studio serve: watching recipes/, templates/, studio.json5"), "\(project.terminal)")
        #expect(project.terminal.contains("studio serve: rebuilt in"), "\(project.terminal)")

        let stream = try EventStreamClient(port: server.port, path: "/_studio/reload")
        #expect(stream.read(until: { $0.contains("retry: 1000\n\n") }, timeout: 5), "\(stream.received)")
        let head = stream.received.lowercased()
        #expect(head.hasPrefix("http/1.1 200"), "\(stream.received)")
        #expect(head.contains("content-type: text/event-stream") && !head.contains("content-length"), "\(stream.received)")

        // Twenty saves a few milliseconds apart (well within the 200 ms of quiet a rebuild waits
        // for): one rebuild, one reload event, naming the collection's page.
        for index in 1...20 {
            try project.edit(project.recipe, WatchProject.recipe(collection: "Calm \(index)"))
            Thread.sleep(forTimeInterval: 0.003)
        }
        #expect(stream.read(until: { _ in stream.events.contains { $0.name == "reload" } }, timeout: 60), "\(project.terminal)")
        Thread.sleep(forTimeInterval: 1)
        _ = stream.read(until: { _ in false }, timeout: 0.3)
        #expect(project.terminal.components(separatedBy: "changed; rebuilding").count - 1 == 1, "\(project.terminal)")
        #expect(stream.events.filter { $0.name == "reload" }.count == 1, "\(stream.events)")
        let reload = try #require(stream.events.first { $0.name == "reload" })
        let changed = try #require(try JSONSerialization.jsonObject(with: Data(reload.data.utf8)) as? [String: [String]])["changed"]
        #expect(changed?.contains { $0.hasPrefix("/s/") && $0.hasSuffix("/") } == true, "\(reload.data)")
        let page = try #require(changed?.first { $0.hasPrefix("/s/") && $0.hasSuffix("/") })
        let (status, html) = try ServeCommandTests.request("GET", "http://127.0.0.1:\(server.port)\(page)")
        #expect(status == 200 && html.contains("Calm 20"), "\(html.prefix(300))")

        // The rebuild wrote the links serve and build write: the port of studio.json5.
        let links = try SiteConfigurationTests.links(in: project.project.output)
        #expect(!links.isEmpty && links.values.joined().allSatisfy { $0.hasPrefix("http://127.0.0.1:\(project.port)/s/") }, "\(links)")

        // A broken recipe: an `error` event with the problem at its place.
        try project.edit(project.recipe, WatchProject.brokenRecipe)
        #expect(stream.read(until: { _ in stream.events.contains { $0.name == "error" } }, timeout: 60), "\(project.terminal)")
        let error = try #require(stream.events.first { $0.name == "error" })
        let failure = try #require(try JSONSerialization.jsonObject(with: Data(error.data.utf8)) as? [String: Any])
        #expect((failure["summary"] as? String)?.hasSuffix("nothing was written: the state and public/ are unchanged") == true)
        let problems = failure["problems"] as? [String]
        #expect(problems?.contains { $0.hasPrefix("recipes/site.json5:6:26: unknown field \"nmae\"") } == true, "\(error.data)")
    }

    @Test func theScriptIsServedAndAllowedOnlyWithWatch() throws {
        let project = try WatchProject()
        defer { project.cleanUp() }
        let built = try project.studio(["build"])
        let url = try #require(built.stdout.firstMatch(of: /acme\/collection:calm: (\S+)/)).output.1.description
        do {
            let server = try project.serve(watch: false)
            defer { server.stop() }
            let (page, html) = try ServeCommandTests.request("GET", url)
            #expect(page == 200 && !html.contains("_studio"), "\(html.prefix(200))")
            #expect(try ServeCommandTests.request("GET", "http://127.0.0.1:\(server.port)/_studio/reload").0 == 404)
            #expect(try ServeCommandTests.request("GET", "http://127.0.0.1:\(server.port)/_studio/reload.js").0 == 404)
        }
        let server = try project.serve()
        defer { server.stop() }
        let head = try EventStreamClient.get(url).head
        #expect(head.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"), "\(head)")
        #expect(!head.contains("ETag:") && head.contains("Cache-Control: no-store"), "\(head)")
        let (page, html) = try ServeCommandTests.request("GET", url)
        #expect(page == 200 && html.contains("<script src=\"/_studio/reload.js\"></script>\n</body>"), "\(html.suffix(300))")
        let (script, source) = try ServeCommandTests.request("GET", "http://127.0.0.1:\(server.port)/_studio/reload.js")
        #expect(script == 200 && source.contains("new EventSource(\"/_studio/reload\")"))
        for (path, data) in try SiteProject.contents(of: project.project.output) {
            #expect(!String(decoding: data, as: UTF8.self).contains("_studio"), "\(path) holds the watch's script")
        }
    }

    /// `studio init` in an empty directory, `studio build`, then `studio serve --watch`: the
    /// watch's first build finds nothing to do, and every page keeps the links the build wrote.
    @Test func initThenBuildThenServeWatchInAnEmptyDirectory() throws {
        let root = try StudioProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let port = try SiteConfigurationTests.freePort()
        let environment = ["STUDIO_PORT": "\(port)"]
        let created = try StudioProcess.run(["init"], environment: environment, directory: root)
        #expect(created.status == 0, "\(created.stderr)")
        let build = try StudioProcess.run(["build", "--templates", SiteProject.templates], environment: environment, directory: root)
        #expect(build.status == 0, "\(build.stderr)")
        let built = try SiteConfigurationTests.links(in: root.appendingPathComponent("public"))
        #expect(built.count == 1 && built.values.joined().allSatisfy { $0.hasPrefix("http://127.0.0.1:\(port)/s/") }, "\(built)")
        let files = try SiteProject.contents(of: root.appendingPathComponent("public"))

        let log = root.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = StudioProcess.executable
        process.arguments = ["serve", "--watch", "--port", "\(port)", "--templates", SiteProject.templates, "--workers", "1"]
        process.currentDirectoryURL = root
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        let deadline = Date().addingTimeInterval(60)
        var terminal = ""
        while Date() < deadline && !terminal.contains("http://127.0.0.1:\(port)/") {
            Thread.sleep(forTimeInterval: 0.05)
            terminal = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        #expect(terminal.contains("studio serve: rebuilt in") && terminal.contains(": 0 files changed"), "\(terminal)")
        #expect(try SiteProject.contents(of: root.appendingPathComponent("public")) == files, "serve --watch rewrote the built site")
        let page = try #require(built.keys.first).replacingOccurrences(of: "index.html", with: "")
        let (status, html) = try ServeCommandTests.request("GET", "http://127.0.0.1:\(port)/s/\(page)")
        #expect(status == 200 && html.contains("rel=\"canonical\" href=\"\(built.values.first!.first!)\""), "\(html.prefix(400))")
    }
}
