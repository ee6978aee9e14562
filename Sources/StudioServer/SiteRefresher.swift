import Foundation
import StudioCore
import StudioEngine
import StudioPublish
import StudioStore
import Synchronization

/// Keeps `public/` in step with the API (CONTRACT §1): after a share, a revoke, a deleted track
/// or a changed shared collection, the pages that change touches are published again before the
/// response goes out — only those (`SiteChange`), so that a change costs the same with 20 live
/// links or 10,000. The full publish runs once, at start (and in `studio publish`).
///
/// Publishes are serialised (an actor): two at once would race on the same files. A timer takes
/// each link's files down when it expires; until then, and whatever is on disk, `ShareGate`
/// refuses to serve a link that is not live.
actor SiteRefresher {
    private let publisher: Publisher
    private let store: StateStore
    private(set) var lastError: String?
    /// Share pages rendered since the start: what tests read to see that a change renders only
    /// the pages it touches.
    private(set) var pagesRendered = 0
    /// Expiries up to this time have been taken down.
    private var sweptUntil: Date
    /// The pending expiry sweep and the expiry it waits for; outside the actor so that `stop()`
    /// can cancel it synchronously.
    private let timer = Mutex<(task: Task<Void, Never>?, at: Date?)>((nil, nil))

    init(store: StateStore, secret: [UInt8], configuration: ServerConfiguration) {
        self.store = store
        sweptUntil = store.now
        publisher = Publisher(store: store, secret: secret, engines: EngineCatalogue.descriptors, configuration: .init(
            outputDirectory: configuration.outputDirectory, audioDirectory: configuration.rendersDirectory,
            templatesDirectory: configuration.templatesDirectory, baseURL: configuration.baseURL,
            siteName: configuration.siteName))
    }

    /// Publishes everything now. A failure is kept and logged, not thrown: the API change itself
    /// succeeded and is in the state; the next publish (or `studio publish`) brings the site up to date.
    func refresh() {
        let now = store.now
        record { try publisher.publish() }
        sweptUntil = now
        scheduleExpirySweep()
    }

    /// Publishes what `change` touches: its links, the links of its collections, and the links
    /// of every other organization's collection holding a track whose reach changed.
    func apply(_ change: SiteChange) {
        record {
            var links: [String: ShareLink] = [:]
            for link in try change.links(in: store) { links[link.id] = link }
            return try publisher.publish(shares: links.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) })
        }
        // Only a new link can bring the next expiry forward; asking the state (a scan of the
        // links) waits for the sweep. A revoked link's expiry just makes an empty sweep.
        if let earliest = change.shares.compactMap(\.expiresAt).min(), earliest > store.now,
           timer.withLock({ $0.at.map { earliest < $0 } ?? true }) {
            schedule(at: earliest)
        }
    }

    /// Cancels the pending expiry sweep (the server is stopping).
    nonisolated func stop() {
        timer.withLock { $0.task?.cancel(); $0 = (nil, nil) }
    }

    private func record(_ publish: () throws -> PublishReport) {
        do {
            pagesRendered += try publish().pages
            lastError = nil
        } catch {
            lastError = ErrorText.describe(error)
            FileHandle.standardError.write(Data("studio serve: publishing public/ failed: \(ErrorText.describe(error))\n".utf8))
        }
    }

    /// Sleeps until the next link expires, then takes its files down (and republishes the
    /// collections that lose a borrowed track with it).
    private func scheduleExpirySweep() {
        guard let next = try? store.nextShareExpiry() else {
            stop()
            return
        }
        schedule(at: next)
    }

    /// Wakes at `next`, or in an hour if that is later (a sweep that finds nothing due sets the
    /// timer again): no sleep is ever longer than that, however far away a link's expiry is.
    private func schedule(at next: Date) {
        let delay = min(3600, max(0, next.timeIntervalSince(store.now)))
        timer.withLock { pending in
            guard pending.at != next else { return }
            pending.task?.cancel()
            pending = (Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(Int((delay * 1000).rounded(.up)) + 5))
                guard !Task.isCancelled else { return }
                await self?.sweepExpired()
            }, next)
        }
    }

    private func sweepExpired() {
        timer.withLock { $0 = (nil, nil) }
        let now = store.now
        do {
            let expired = try store.sharesExpired(after: sweptUntil)
            sweptUntil = now
            if !expired.isEmpty {
                let change = try SiteChange.linksChanged(expired, in: store)
                record { try publisher.publish(shares: try change.links(in: store)) }
            }
        } catch {
            FileHandle.standardError.write(Data("studio serve: taking expired links down failed: \(error)\n".utf8))
        }
        scheduleExpirySweep()
    }
}
