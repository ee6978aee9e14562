import Foundation
import Testing
@testable import StudioEngine

/// docs/ENGINES.md promises the whole vocabulary; this keeps the promise true when words are added.
@Suite struct VocabularyDocumentationTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/ENGINES.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everyWordTheInterpreterKnowsIsDocumented() {
        #expect(!Self.document.isEmpty, "docs/ENGINES.md is missing")
        let words = Array(Vocabulary.genres.keys) + Array(Vocabulary.moods.keys) + Array(Vocabulary.instruments.keys)
            + Array(Vocabulary.negations) + Array(MusicalPhrases.table.keys) + Array(MusicalPhrases.stopWords)
        let missing = words.filter { !Self.document.contains($0) }.sorted()
        #expect(missing.isEmpty, "not in docs/ENGINES.md: \(missing)")
    }

    @Test func everyEngineHasASection() {
        for engine in EngineCatalogue.descriptors {
            #expect(Self.document.contains("## \(engine.engineKey)"), "no section for \(engine.engineKey)")
        }
    }
}
