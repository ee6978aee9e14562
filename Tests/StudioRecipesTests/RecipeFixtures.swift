import Foundation
import StudioCore
import StudioRecipes

/// Engines and temporary recipe directories shared by the recipe tests.
enum RecipeFixtures {
    static let terms = LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: false, attribution: nil)

    static let engines: [EngineDescriptor] = [
        EngineDescriptor(engineKey: "ambient-1", name: "Ambient", description: "pads", version: "1.0.0",
                         maxDurationSeconds: 600, stemNames: ["pads", "drone"], licence: terms),
        EngineDescriptor(engineKey: "keys-1", name: "Keys", description: "piano", version: "1.0.0",
                         maxDurationSeconds: 300, stemNames: [], licence: terms, formats: [.wav, .flac, .mp3]),
        EngineDescriptor(engineKey: "choir-1", name: "Choir", description: "voices", version: "0.1.0",
                         maxDurationSeconds: 300, stemNames: [], licence: terms, enabled: false,
                         disabledReason: "its voice samples are not licensed for commercial use yet"),
    ]

    /// CONTRACT §9's example, verbatim.
    static let contractExample = """
        {
          organization: "demo",               // a slug; the build creates the organization if missing
          tracks: {
            sunrise: {
              engine: "ambient-1",
              prompt: "warm evolving pads for a slow sunrise",
              duration: "1:30",               // "M:SS", "H:MM:SS", or a number of seconds
              bpm: 64, key: "D major", seed: 7,
              stems: true, formats: ["flac", "mp3"],
              title: "Sunrise",
              save: true,                     // into the library of the organization's owner
            },
          },
          collections: {
            morning: { name: "Morning Focus", description: "Slow starts.", tracks: ["sunrise"] },
          },
          shares: [
            { collection: "morning" },
            { track: "sunrise", expires: "2027-06-30T00:00:00Z" },
          ],
          focus: {
            "deep-work": { engine: "ambient-1", prompt: "calm rain, soft piano", target: "25:00",
                           segment: 60, crossfade: 6 },
          },
        }
        """

    /// A fresh directory holding `files` (name → text); removed after `body`.
    static func withDirectory<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("recipes-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return try body(directory)
    }

    /// Loads `files` from a directory; the paths in diagnostics are then `<dir>/<name>`.
    static func load(_ files: [String: String]) throws -> (Result<RecipeSet, RecipeErrors>, URL) {
        try withDirectory(files) { directory in
            (RecipeLoader.load(directory: directory, engines: engines), directory)
        }
    }

    /// Validates in-memory sources named by their bare file names, so messages read `a.json5:3:5: …`.
    static func validate(_ sources: KeyValuePairs<String, String>) -> Result<RecipeSet, RecipeErrors> {
        RecipeLoader.load(sources: sources.map { RecipeLoader.Source(path: $0.key, text: $0.value) }, engines: engines)
    }

    /// The diagnostics of a set expected not to validate; none (and a recorded failure) if it did.
    static func diagnostics(_ sources: KeyValuePairs<String, String>) -> [String] {
        switch validate(sources) {
        case .success: return []
        case .failure(let errors): return errors.diagnostics.map(\.description)
        }
    }

    /// A one-track recipe whose track body is `track`, for field-by-field checks.
    static func trackRecipe(_ track: String) -> String {
        "{\n  organization: \"demo\",\n  tracks: {\n    t: { \(track) },\n  },\n}"
    }
}
