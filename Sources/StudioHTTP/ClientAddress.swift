#if canImport(Glibc)
import Glibc
#endif

/// Whose connection it is, for the per-client connection cap: the peer's IPv4 address, or the
/// /64 prefix of its IPv6 address (one IPv6 client is routinely handed a whole /64 and can pick
/// a fresh address for every connection, so counting whole addresses would cap nobody).
/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`, from a dual-stack listener) are the IPv4 address.
struct ClientAddress: Hashable, Sendable {
    /// The prefix counted: an IPv4 address in the low 32 bits, or an IPv6 /64.
    private let prefix: UInt64
    private let isIPv6: Bool
    /// 127.0.0.0/8 or ::1: the operator's own machine, or a reverse proxy on it.
    let isLoopback: Bool

    private init(prefix: UInt64, isIPv6: Bool, isLoopback: Bool) {
        self.prefix = prefix
        self.isIPv6 = isIPv6
        self.isLoopback = isLoopback
    }

    /// The four bytes of an IPv4 address, in network order.
    init(ipv4 bytes: [UInt8]) {
        self.init(prefix: bytes.prefix(4).reduce(0) { $0 << 8 | UInt64($1) }, isIPv6: false, isLoopback: bytes.first == 127)
    }

    /// The sixteen bytes of an IPv6 address, in network order.
    init(ipv6 bytes: [UInt8]) {
        if bytes.count == 16, bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            self.init(ipv4: Array(bytes[12..<16]))
        } else {
            self.init(prefix: bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }, isIPv6: true,
                      isLoopback: bytes.count == 16 && bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1)
        }
    }

    /// The peer of a connected socket; `nil` for anything but IPv4 and IPv6 (never expected).
    init?(peerOf fd: Int32) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            self.init(ipv4: withUnsafeBytes(of: address.sin_addr.s_addr) { Array($0) })
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            self.init(ipv6: withUnsafeBytes(of: address.sin6_addr) { Array($0) })
        default:
            return nil
        }
    }
}
