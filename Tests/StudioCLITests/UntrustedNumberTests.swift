import Foundation
import Testing

/// Numbers from files a user hands the CLI: each out-of-range one is a clear error naming where
/// it is, never a trap.
@Suite struct UntrustedNumberTests {
    /// `duration: 1e300` is finite and positive, so it reached the engine-limit check, whose
    /// message formatted it through `Int(1e300)` and aborted `studio build`.
    @Test func anAbsurdRecipeDurationIsReportedAgainstTheEngineLimit() throws {
        let project = try SiteProject()
        defer { project.cleanUp() }
        try project.write("huge.json5", """
        { organization: "demo", tracks: {
            a: { engine: "pulse-1", prompt: "x", duration: 1e300 },
            b: { engine: "pulse-1", prompt: "x", duration: "99999999999999999999" },
        } }
        """)
        let result = try project.build()
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("huge.json5:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("1e+300 s (1e+300 s) is over the 1800 s limit"), "\(result.stderr)")
        #expect(result.stderr.contains("huge.json5:3:"), "\(result.stderr)")
    }
}
