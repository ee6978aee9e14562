import Foundation
import StudioHTTP
import StudioStore

/// The seconds of audio an organization may generate per calendar month (`--quota`), counted
/// the same way for songs and focus segments: what the ledger holds since the month began plus
/// what queued and running jobs will add (a burst of submissions must not pass it together).
struct MonthlyQuota: Sendable {
    let store: StateStore
    let limitSeconds: Double

    func usedSeconds(organizationID: String) throws -> Double {
        try store.generatedSeconds(organizationID: organizationID, since: MusicAPI.startOfMonth(store.now))
            + store.pendingSeconds(organizationID: organizationID)
    }

    /// Why `seconds` more would pass the quota, or nil when they fit.
    func refusal(organizationID: String, adding seconds: Double) throws -> String? {
        let used = try usedSeconds(organizationID: organizationID)
        guard used + seconds > limitSeconds else { return nil }
        return "This organization has used or queued \(Int(used)) of its \(Int(limitSeconds)) seconds this month."
    }

    /// The error that refuses to start work the quota has no room for (a focus session): 429
    /// with `Retry-After` at the start of the next month, when the quota resets; the same code
    /// as a generation refused for it.
    func exceeded(_ message: String) -> APIError {
        let now = store.now
        let seconds = max(1, Int(MusicAPI.startOfNextMonth(now).timeIntervalSince(now).rounded(.up)))
        return APIError(status: .tooManyRequests, type: "rate_limit_error", code: "quota_exceeded",
                        message: message + " The quota resets at the start of next month (UTC).",
                        headers: ["Retry-After": String(seconds)])
    }
}
