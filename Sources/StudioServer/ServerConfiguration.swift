import Foundation

/// What `studio serve` is told: where things are, how long signed URLs live, the quota.
public struct ServerConfiguration: Sendable {
    public var stateDirectory: URL
    public var outputDirectory: URL
    /// Templates laid over the built-in ones (`SiteTheme`); nil publishes with the built-in set.
    public var templatesDirectory: URL?
    /// The render cache the workers write to and `/media` and the site read from: the same one
    /// `studio build` uses, `STATE/renders` unless a shared volume is named (docs/SCALING.md).
    public var rendersDirectory: URL
    public var baseURL: String
    /// The site's name on the pages a republish writes (`title` in studio.json5).
    public var siteName = "Music Studio"
    /// Lifetime of signed `/media` URLs (CONTRACT §6: short; 10 minutes by default).
    public var mediaTTL: TimeInterval
    /// Seconds of audio an organization may generate per calendar month (UTC).
    public var monthlyQuotaSeconds: Double
    /// Background render workers; at most one per core.
    public var workers: Int
    /// The server's clock: link expiry, signed URL lifetimes, a focus listener's position.
    /// Injectable so that tests can move time instead of waiting for it.
    public var clock: @Sendable () -> Date
    /// Requests per second per credential (`--rate-limit`, 0: off) and the burst a credential may
    /// send at once (`--rate-burst`); see `RateLimiter` and docs/API.md "Quotas and limits".
    public var rateLimitPerSecond: Double = 20
    public var rateLimitBurst: Double = 40
    /// Focus sessions a user, and an organization, may have active at once (`--focus-sessions-per-user`,
    /// `--focus-sessions-per-org`): each holds a render worker's attention while it lasts.
    public var activeFocusSessionsPerUser = 2
    public var activeFocusSessionsPerOrganization = 20
    /// How long the segment audio of an ended or completed session is kept (`--focus-retention`)
    /// before it is removed; a promoted segment's file stays while its track does.
    public var focusRetention: TimeInterval = 86_400
    /// Where each answered request is told, one line (`RequestMarks.logLine`); nil (tests,
    /// `serve --quiet`) tells nobody.
    public var requestLog: (@Sendable (String) -> Void)? = nil
    /// `serve --watch`: the pages get the reload script and `/_studio/reload` streams the
    /// rebuilds (`LiveReload`); nil serves the site exactly as it is on disk.
    public var liveReload: LiveReload? = nil

    public init(stateDirectory: URL, outputDirectory: URL, templatesDirectory: URL?, baseURL: String = "http://127.0.0.1:8080",
                mediaTTL: TimeInterval = 600, monthlyQuotaSeconds: Double = 36_000,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, rendersDirectory: URL? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.stateDirectory = stateDirectory
        self.rendersDirectory = rendersDirectory ?? stateDirectory.appendingPathComponent("renders")
        self.outputDirectory = outputDirectory
        self.templatesDirectory = templatesDirectory
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.mediaTTL = mediaTTL
        self.monthlyQuotaSeconds = monthlyQuotaSeconds
        self.workers = max(1, min(workers, ProcessInfo.processInfo.activeProcessorCount))
        self.clock = clock
    }
}
