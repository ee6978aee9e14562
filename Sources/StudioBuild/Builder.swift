import Foundation
import StudioAPI
import StudioCore
import StudioEngine
import StudioPublish
import StudioRecipes
import StudioStore
import Synchronization

/// `studio build`: load → validate → plan → render → apply → publish, data flowing one way.
///
/// The recipes are read and validated before anything is opened or created, so a recipe set
/// that does not validate writes nothing. Renders land in the content-addressed cache before
/// the state changes; the state changes in one transaction; the site is written last.
/// `renderShard` (in `Builder+Shard.swift`) stops after the render stage, for clusters.
public struct Builder: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func build(events: @escaping @Sendable (BuildEvent) -> Void = { _ in }) throws -> BuildReport {
        let engines = EngineCatalogue.descriptors
        let cache = RenderCache(directory: options.cacheDirectory)
        var plan = try BuildPlan(options: options, engines: engines, cache: cache)
        events(.planned(renders: plan.pending.count, audioSeconds: plan.pending.reduce(0) { $0 + $1.recipe.durationSeconds },
                        unchanged: plan.inputs.count - plan.pending.count))

        // Render what is missing; the leftovers of renders that died long ago go.
        cache.sweepTemporaries(olderThan: RenderCache.temporaryLifetime)
        for (hash, entry) in try render(plan.pending, cache: cache, events: events) { plan.entries[hash] = entry }

        // Apply and publish.
        let store: StateStore
        let secret: [UInt8]
        do {
            store = try StateStore(directory: options.stateDirectory)
            secret = try SigningSecret.load(from: options.stateDirectory)
        } catch {
            throw BuildError.state("\(options.stateDirectory.path): \(ErrorText.reason(error))")
        }
        let changes = try RecipeApplier(store: store, secret: secret, recipes: plan.recipes, inputs: plan.inputs,
                                        renders: plan.entries, prune: options.prune).apply()
        events(.applied(changes))
        let publisher = Publisher(store: store, secret: secret, engines: engines, configuration: .init(
            outputDirectory: options.outputDirectory, audioDirectory: options.cacheDirectory,
            templatesDirectory: options.templatesDirectory, baseURL: options.baseURL, siteName: options.siteName))
        let published = try publisher.publish()
        events(.published(published))
        return BuildReport(rendered: plan.pending.map(\.displayName), reused: plan.inputs.count - plan.pending.count,
                           changes: changes, publish: published,
                           shareURLs: try shareURLs(store: store, secret: secret, recipes: plan.recipes))
    }

    /// Renders `pending` with up to `jobs` at once, each with an equal share of the cores.
    /// Every render runs even when one fails (the cache keeps the good ones); then the first
    /// failure is thrown.
    func render(_ pending: [TrackInputs], cache: RenderCache,
                        events: @escaping @Sendable (BuildEvent) -> Void) throws -> [String: RenderCache.Entry] {
        guard !pending.isEmpty else { return [:] }
        let workers = min(options.jobs, pending.count)
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / workers)
        let total = pending.reduce(0) { $0 + $1.recipe.durationSeconds }
        let state = Mutex(RenderState(count: pending.count))
        let date = options.date
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = state.withLock({ $0.takeNext() }) {
                let input = pending[index]
                let name = input.displayName
                events(.renderStarted(name: name))
                let started = Date()
                let weight = input.recipe.durationSeconds / total
                let request = RenderRequest(engineKey: input.recipe.engineKey, prompt: input.recipe.prompt,
                                            durationSeconds: input.recipe.durationSeconds, bpm: input.recipe.bpm,
                                            key: input.recipe.key, seed: input.seed, title: input.title)
                let stems = input.recipe.stems ? EngineCatalogue.stems(of: input.recipe.engineKey) : []
                let options = RenderOptions(threads: threads, progress: { fraction in
                    let overall = state.withLock { $0.progress(index, fraction * weight) }
                    events(.renderProgress(overall))
                })
                let result = Result {
                    try cache.render(request, hash: input.hash, formats: input.recipe.formats, stems: stems, date: date, options: options)
                }
                state.withLock { $0.finish(index, input.hash, result, name: name) }
                events(.renderFinished(name: name, seconds: Date().timeIntervalSince(started)))
            }
        }
        return try state.withLock { try $0.results() }
    }

    private func shareURLs(store: StateStore, secret: [UInt8], recipes: RecipeSet) throws -> [(organization: String, target: String, url: String)] {
        var urls: [(organization: String, target: String, url: String)] = []
        let base = options.baseURL.hasSuffix("/") ? String(options.baseURL.dropLast()) : options.baseURL
        for slug in recipes.organizations {
            guard let org = try store.organization(slug: slug) else { continue }
            for (name, id) in try store.bindings(organizationID: org.id, kind: .share).sorted(by: { $0.key < $1.key }) {
                guard let share = try store.share(id: id), share.isLive(at: store.now) else { continue }
                let token = Credentials.shareToken(shareID: id, secret: secret)
                urls.append((slug, String(name.split(separator: "#").first ?? ""), "\(base)/s/\(token)/"))
            }
        }
        return urls
    }
}

/// The parallel renders' shared bookkeeping: the next index, each one's progress, results.
private struct RenderState: Sendable {
    var next = 0
    var fractions: [Double]
    var entries: [String: RenderCache.Entry] = [:]
    var failure: BuildError?

    init(count: Int) { fractions = Array(repeating: 0, count: count) }

    mutating func takeNext() -> Int? {
        guard next < fractions.count else { return nil }
        defer { next += 1 }
        return next
    }

    /// Overall progress; a render's own share never goes back (its phases report separately).
    mutating func progress(_ index: Int, _ weighted: Double) -> Double {
        fractions[index] = max(fractions[index], weighted)
        return min(1, fractions.reduce(0, +))
    }

    mutating func finish(_ index: Int, _ hash: String, _ result: Result<RenderCache.Entry, any Error>, name: String) {
        switch result {
        case .success(let entry): entries[hash] = entry
        case .failure(let error): if failure == nil { failure = .renderFailed(name: name, reason: ErrorText.describe(error)) }
        }
    }

    func results() throws -> [String: RenderCache.Entry] {
        if let failure { throw failure }
        return entries
    }
}
