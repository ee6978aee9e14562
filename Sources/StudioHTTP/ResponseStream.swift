/// Content written as it is produced, for a response whose end is not known when its head is
/// sent: server-sent events. The server sends the head without `Content-Length`, writes each
/// chunk as it comes, and ends the response by closing the connection (RFC 9112 §6.3: a
/// response without a length is delimited by the close), so a stream never shares its
/// connection with a later request.
///
/// The producer yields chunks and finishes; when the client goes away or the server stops, the
/// stream is cancelled and `onTermination` of the underlying continuation tells the producer.
public struct ResponseStream: Sendable {
    public let chunks: AsyncStream<[UInt8]>

    public init(_ chunks: AsyncStream<[UInt8]>) {
        self.chunks = chunks
    }
}
