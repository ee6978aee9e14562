import Foundation
import Testing

/// `public/` works from any base URL: the same state published for two hosts differs only in the
/// absolute URLs that must name the host (canonical, Open Graph, the JSON mirrors' audio URLs,
/// the 404 page's root), and every other link is relative and resolves inside the copy.
@Suite struct StaticHostTests {
    @Test func aSitePublishedForAnyBaseURLDiffersOnlyInItsAbsoluteURLs() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("demo.json5", SiteIntegrityTests.valid)
        #expect(try project.build().status == 0)
        let bases = ["https://music.example", "https://cdn.example.org/catalogue/v2"]
        var sites: [[String: Data]] = []
        for (index, base) in bases.enumerated() {
            let out = project.root.appendingPathComponent("site-\(index)")
            let result = try StudioProcess.run(["publish", "--state", project.state.path, "--out", out.path,
                                                "--templates", SiteProject.templates, "--base-url", base + "/"])
            #expect(result.status == 0, "\(result.stderr)")
            sites.append(try project.contents(of: out))
        }
        #expect(sites[0].keys.sorted() == sites[1].keys.sorted(), "the same files, at the same paths")
        let firstPath = URL(string: bases[0])!.path, secondPath = URL(string: bases[1])!.path
        for (path, bytes) in sites[0] {
            var expected = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: bases[0], with: bases[1])
            if path == "404.html" {
                expected = expected.replacingOccurrences(of: "\"\(firstPath)/assets/", with: "\"\(secondPath)/assets/")
            }
            #expect(Data(expected.utf8) == sites[1][path] || (bytes == sites[1][path] && !path.hasSuffix("html")),
                    "\(path) differs by more than its base URL")
        }

        let out = project.root.appendingPathComponent("site-1")
        let pages = sites[1].keys.filter { $0.hasSuffix(".html") }
        #expect(pages.count == 6, "two share pages, their embed pages, 404.html and the focus player")
        for page in pages {
            let html = String(decoding: sites[1][page]!, as: UTF8.self)
            let directory = out.appendingPathComponent(page).deletingLastPathComponent()
            for match in html.matches(of: /<(\w+)[^>]*?(?:href|src|content)="([^"]*)"[^>]*>/) {
                let (tag, link) = (String(match.output.1), String(match.output.2))
                if link.hasPrefix("http") {
                    // Absolute only where a crawler or an API client needs the host.
                    let element = String(match.output.0)
                    #expect(link.hasPrefix(bases[1] + "/") || link.hasPrefix("http://www.w3.org/"), "\(page): \(link)")
                    // oEmbed discovery and the Twitter card's image are absolute by their specifications.
                    #expect(element.contains("rel=\"canonical\"") || element.contains("property=\"og:") || tag == "svg"
                            || element.contains("application/json+oembed") || element.contains("name=\"twitter:image\""),
                            "\(page): an absolute URL outside canonical/og: \(element)")
                    continue
                }
                guard tag == "a" || tag == "link" || tag == "source" || tag == "audio" || tag == "img" || tag == "script",
                      !link.isEmpty, !link.hasPrefix("#"), !link.hasPrefix("data:"), !link.contains("{{") else { continue }
                let clean = String(link.prefix { $0 != "#" && $0 != "?" })
                let target: URL
                if clean.hasPrefix("/") {
                    // Only the 404 page is root-relative, and then under the base URL's own path.
                    #expect(page == "404.html" && clean.hasPrefix(secondPath + "/"), "\(page): \(link)")
                    target = out.appendingPathComponent(String(clean.dropFirst(secondPath.count + 1)))
                } else {
                    target = directory.appendingPathComponent(clean)
                }
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: target.standardizedFileURL.path, isDirectory: &isDirectory)
                #expect(exists && (!isDirectory.boolValue
                    || FileManager.default.fileExists(atPath: target.appendingPathComponent("index.html").path)
                    || FileManager.default.fileExists(atPath: target.appendingPathComponent("index.json").path)),
                        "\(page): \(link) does not resolve in the copy")
            }
        }
    }
}
