import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a graceful `HTTPServer.stop()`.
///
/// The signals' default action (ending the process at once) is replaced by `SIG_IGN`, and a
/// dispatch source delivers them on a queue instead, where they are safe to act on: no code runs
/// inside a signal handler. Keep the observer alive as long as the server runs; `cancel()`
/// restores the default actions.
public final class SignalObserver: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let signals: [Int32]

    init(signals: [Int32], queue: DispatchQueue, action: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        var sources: [any DispatchSourceSignal] = []
        // Registration with the event loop happens later, on dispatch's own thread; a signal in
        // between would be ignored. Waiting for it means that once the observer exists, a signal
        // stops the server, so a caller may announce that it is ready right after.
        let registered = DispatchGroup()
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { action(number) }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            sources.append(source)
        }
        _ = registered.wait(timeout: .now() + .seconds(5))
        self.sources = Mutex(sources)
    }

    public func cancel() {
        let sources = self.sources.withLock { sources in
            let all = sources
            sources = []
            return all
        }
        for source in sources { source.cancel() }
        if !sources.isEmpty { for number in signals { signal(number, SIG_DFL) } }
    }

    deinit { cancel() }
}

extension HTTPServer {
    /// Stops the server gracefully on the first of `signals`; `onSignal` runs first (to log, or
    /// to stop background work), and `onStopped` after the server has drained (to close the
    /// database cleanly).
    public func stopOnSignals(_ signals: [Int32] = [SIGINT, SIGTERM],
                              onSignal: @escaping @Sendable (Int32) -> Void = { _ in },
                              onStopped: @escaping @Sendable () async -> Void = {}) -> SignalObserver {
        SignalObserver(signals: signals, queue: DispatchQueue(label: "studio-http.signals")) { [self] number in
            onSignal(number)
            beginStop()
            Task {
                await waitUntilStopped()
                await onStopped()
            }
        }
    }
}
