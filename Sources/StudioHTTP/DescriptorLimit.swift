#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open descriptors, raised so that the connection cap can be reached.
///
/// Every connection is a descriptor. Many systems start processes with a soft limit of 1,024
/// (and a far higher hard limit), so with the cap at 4,096 the server used to run out of
/// descriptors after about a thousand connections: `accept` failed, and the clients past that
/// point were closed without a word instead of getting the cap's 503, while a file or the
/// database could no longer be opened for the connections already in. As Go's runtime and
/// nginx's `worker_rlimit_nofile` do, `HTTPServer.start()` raises the soft limit (never the
/// hard one, which needs privileges) to what the cap needs; when the hard limit is lower, the
/// cap is lowered to fit, so that the 503 is still what a client past it sees.
enum DescriptorLimit {
    /// Descriptors kept for everything but counted connections: the listener, epoll and its
    /// eventfd, the database and its journal, the files being sent, the standard streams, and
    /// refused connections lingering over their 503.
    static let reserve = 256

    /// Raises the soft limit towards what `maximumConnections` needs (the counted connections,
    /// as many refused ones lingering over their 503, and the reserve) and returns the cap that
    /// fits under the limit it got.
    static func raise(forConnections maximumConnections: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return maximumConnections }
        let wanted = rlim_t(clamping: 2 * maximumConnections + reserve)
        if limit.rlim_cur != infinity && limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = limit.rlim_max == infinity ? wanted : min(wanted, limit.rlim_max)
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        guard limit.rlim_cur != infinity else { return maximumConnections }
        let fits = Int(clamping: limit.rlim_cur) - reserve
        return max(1, min(maximumConnections, fits))
    }

    /// `RLIM_INFINITY` is `-1` in C, which Swift cannot import into the unsigned `rlim_t`.
    private static let infinity = rlim_t.max

    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
}
