import Foundation
import Testing

/// One headless Chromium page kept open while a test changes things (scripts/browser-session.py):
/// each command is a JSON line to the script, each answer a JSON line back.
final class BrowserSession {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/browser-session.py").path

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()

    /// Whether Debian's `chromium` is installed (`make test` installs it).
    static var isAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/chromium") }
    }

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Sends `command` and returns the page's answer (empty when the script has gone).
    @discardableResult
    func send(_ command: [String: Any]) throws -> [String: Any] {
        try input.fileHandleForWriting.write(contentsOf: try JSONSerialization.data(withJSONObject: command) + Data("\n".utf8))
        while !pending.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return [:] }
            pending += chunk
        }
        let end = pending.firstIndex(of: UInt8(ascii: "\n"))!
        let line = pending[pending.startIndex..<end]
        pending = Data(pending[(end + 1)...])
        return try JSONSerialization.jsonObject(with: line) as? [String: Any] ?? [:]
    }

    func close() {
        _ = try? send(["quit": true])
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
