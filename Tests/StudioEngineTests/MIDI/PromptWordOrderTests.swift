import Foundation
import StudioCore
import Testing
@testable import StudioEngine

/// A piece is chosen by the seed and by what the prompt was understood as, not by its spelling:
/// the same words in another case, or with words the engine ignores around them, give the same
/// score (keys-1's structure follows the used words since issue #14). Word order may matter: the
/// first mood named leads.
@Suite struct PromptWordOrderTests {
    static func midi(_ engineKey: String, _ prompt: String, seed: UInt64 = 3) throws -> [UInt8] {
        try Renderer.midiBytes(for: RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: 40, seed: seed))
    }

    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func caseAndIgnoredWordsDoNotChangeThePiece(engineKey: String) throws {
        let plain = try Self.midi(engineKey, "gentle calm piece")
        #expect(try Self.midi(engineKey, "GENTLE Calm Piece") == plain, "\(engineKey): letter case changed the piece")
        #expect(try Self.midi(engineKey, "gentle calm piece please, thank you") == plain, "\(engineKey): ignored words changed the piece")
        #expect(try Self.midi(engineKey, "gentle calm piece", seed: 4) != plain, "\(engineKey): the seed changed nothing")
    }
}
