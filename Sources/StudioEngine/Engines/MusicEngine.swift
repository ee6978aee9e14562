import StudioCore

/// An engine: what it promises (`descriptor`), its musical defaults (`style`), and its composer.
public struct MusicEngine: Sendable {
    public let descriptor: EngineDescriptor
    public let style: EngineStyle
    /// Interpretation, duration, seed, and the sections to use instead of planning them (nil: plan).
    let composer: @Sendable (PromptInterpretation, Double, UInt64, Form?) -> Score

    /// The prompt as this engine understands it, with the request's explicit parameters applied.
    public func interpret(_ request: RenderRequest) -> PromptInterpretation {
        PromptInterpreter(style: style).interpret(request.prompt, bpm: request.bpm, key: request.key, seed: request.seed)
    }

    /// The full score for an interpretation: deterministic in its three inputs.
    public func compose(_ interpretation: PromptInterpretation, _ duration: Double, _ seed: UInt64) -> Score {
        toned(composer(interpretation, duration, seed, nil), interpretation)
    }

    /// A score on sections planned by the caller (a focus stream's segment) rather than by the
    /// composer from the duration.
    func compose(_ interpretation: PromptInterpretation, _ duration: Double, _ seed: UInt64, form: Form) -> Score {
        toned(composer(interpretation, duration, seed, form), interpretation)
    }

    /// dB of top shelf per unit of brightness away from the engine's default: "dark" and
    /// "bright" (±0.3) tilt the top by −3.6 and +3.6 dB. The instruments' own brightness only moves their
    /// filters a little, and a half-rate part has nothing above 12 kHz to move, so without the
    /// shelf the words changed nothing measurable.
    static let shelfDBPerBrightness = 12.0

    private func toned(_ score: Score, _ interpretation: PromptInterpretation) -> Score {
        var score = score
        score.topShelfDB = Float((interpretation.brightness - style.defaultBrightness) * Self.shelfDBPerBrightness)
        return score
    }
}
