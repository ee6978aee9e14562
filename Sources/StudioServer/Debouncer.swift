import Dispatch
import Foundation

/// Turns a burst of file changes into one action, once the files have been quiet for a while
/// (`studio serve --watch`): an editor's save is several events (write, rename, attributes),
/// a `git checkout` or a formatter touches many files, and each rebuild should see them all.
///
/// Changes are collected until none has come for `quiet`; then the action runs once with all of
/// them. Actions never overlap: changes that come while one runs are collected and, after another
/// quiet spell, make one more run. Everything happens on one serial queue, which is what makes
/// the bookkeeping below safe without a lock.
public final class Debouncer: @unchecked Sendable {
    // @unchecked: `pending` and `generation` are read and written only on `queue`.
    private let queue: DispatchQueue
    private let quiet: DispatchTimeInterval
    private let action: @Sendable ([String]) -> Void
    private var pending: Set<String> = []
    private var generation = 0

    /// `action` gets the changed names, sorted; it runs on the debouncer's own queue (never on
    /// Swift's cooperative pool), so it may block, as a build does.
    public init(quiet: Duration, label: String = "studio.debouncer", action: @escaping @Sendable ([String]) -> Void) {
        queue = DispatchQueue(label: label)
        let milliseconds = quiet.components.seconds * 1000 + quiet.components.attoseconds / 1_000_000_000_000_000
        self.quiet = .milliseconds(Int(max(0, milliseconds)))
        self.action = action
    }

    /// Notes that `name` changed; the action runs once the changes have been quiet for `quiet`.
    public func note(_ name: String) {
        queue.async { [self] in
            pending.insert(name)
            generation += 1
            let mine = generation
            queue.asyncAfter(deadline: .now() + quiet) { [self] in
                // A later change restarted the wait; its own timer will fire.
                guard mine == generation, !pending.isEmpty else { return }
                let names = pending.sorted()
                pending.removeAll()
                action(names)
            }
        }
    }

    /// Runs `body` on the debouncer's queue, waiting for it: no action runs meanwhile, and the
    /// changes noted meanwhile are handled after it (`serve --watch`'s first build).
    public func exclusively(_ body: () -> Void) {
        queue.sync(execute: body)
    }
}
