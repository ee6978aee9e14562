// libFuzzer entry point: the recipe reader (Sources/StudioRecipes: JSON5 position index,
// Foundation's JSON5 parser, validation). Every diagnostic must carry a place inside the input.
import StudioCore

private let engines = [
    EngineDescriptor(engineKey: "ambient-1", name: "Ambient", description: "pads", version: "1.0.0", maxDurationSeconds: 600,
                     stemNames: ["pads"], licence: LicenceTerms(licenceClass: .commercialCleared, requiresAttribution: false, attribution: nil)),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func recipeFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard case .failure(let errors) = RecipeLoader.load(sources: [.init(path: "f.json5", text: text)], engines: engines) else { return 0 }
    // Lines as JSON5 counts them; a position may sit one past a line's end.
    var lengths = [0]
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
        switch scalar {
        case "\n", "\u{2028}", "\u{2029}": lengths.append(0)
        case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n": lengths[lengths.count - 1] += 1
        case "\r": lengths.append(0)
        default: lengths[lengths.count - 1] += 1
        }
    }
    if errors.diagnostics.isEmpty { fatalError("a failure without a diagnostic") }
    for diagnostic in errors.diagnostics {
        guard let position = diagnostic.position, position.line >= 1, position.line <= lengths.count,
              position.column >= 1, position.column <= lengths[position.line - 1] + 1 else {
            fatalError("\(diagnostic) is not inside the input")
        }
    }
    return 0
}
