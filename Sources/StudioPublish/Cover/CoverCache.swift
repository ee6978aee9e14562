import Foundation
import Synchronization

/// The last few cover pictures drawn, by their content-addressed file name (`CoverArt.fileName`),
/// so that the shares of one track, each of which has the picture beside its page, draw it once.
final class CoverCache: Sendable {
    /// About 30 kB each.
    static let capacity = 32
    private let entries = Mutex<[String: Data]>([:])

    func png(named name: String, draw: () -> Data) -> Data {
        if let cached = entries.withLock({ $0[name] }) { return cached }
        let png = draw()
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[name] = png
        }
        return png
    }
}
