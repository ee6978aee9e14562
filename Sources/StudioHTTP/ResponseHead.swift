import Foundation

/// Writes a response's status line and header fields as HTTP/1.1 bytes.
///
/// The fields that describe the connection and the framing are the server's, not the
/// responder's: `Content-Length`, `Transfer-Encoding`, `Connection` and `Date` are set here, so a
/// responder cannot frame a message wrongly.
enum ResponseHead {
    static let managedFields = ["Content-Length", "Transfer-Encoding", "Connection", "Date", "Keep-Alive"]

    static func bytes(for response: HTTPResponse, keepAlive: Bool, requestVersion: HTTPVersion, date: String) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n"
        for field in response.headers where !managedFields.contains(where: { HTTPHeaders.namesMatch($0, field.name) }) {
            // A responder's value never ends a line early: CR and LF would split the response.
            let value = field.value.contains(where: { $0 == "\r" || $0 == "\n" })
                ? field.value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
                : field.value
            text += "\(field.name): \(value)\r\n"
        }
        text += "Date: \(date)\r\n"
        if case .stream = response.body {
            // Delimited by the connection's close: no length, and never kept alive.
        } else if !response.status.forbidsContent {
            text += "Content-Length: \(response.body.count)\r\n"
        }
        if !keepAlive {
            text += "Connection: close\r\n"
        } else if requestVersion == .http1_0 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    static let `continue` = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
