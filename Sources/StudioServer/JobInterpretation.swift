import StudioAPI
import StudioCore
import StudioEngine

/// What a generation job's prompt was understood as: the key, tempo and time signature chosen
/// (and where each came from), the moods and instruments heard, and every prompt word as used
/// (with its effect), unsupported by the engine, or ignored: the same interpretation
/// `studio render` prints, computed from the job's request exactly as its render computes it
/// (the seed included), so it is there from the moment the job is accepted.
enum JobInterpretation {
    /// The job's representation with its interpretation.
    static func jobJSON(_ job: GenerationJob) -> JSONValue {
        Representations.job(job, interpretation: json(for: job))
    }

    /// Null for an engine the catalogue does not have (such a job is refused).
    static func json(for job: GenerationJob) -> JSONValue {
        guard let engine = try? EngineCatalogue.engine(job.engineKey) else { return .null }
        return json(engine.interpret(GenerationInputs(job: job).request))
    }

    static func json(_ i: PromptInterpretation) -> JSONValue {
        .object([
            "key": .string(i.key.description), "key_source": .string(i.keySource.rawValue),
            "bpm": .number(i.bpm), "bpm_source": .string(i.bpmSource.rawValue),
            "time_signature": .string(i.timeSignature),
            "genre": JSONValue(i.genre), "subgenre": JSONValue(i.subgenre),
            "moods": .array(i.moods.map(JSONValue.string)),
            "energy": .number((i.energy * 1000).rounded() / 1000), "brightness": .number((i.brightness * 1000).rounded() / 1000),
            "space": .number((i.space * 1000).rounded() / 1000),
            "instruments": .array(i.instruments.map(JSONValue.string)),
            "excluded_instruments": .array(i.excludedInstruments.map(JSONValue.string)),
            "unsupported_instruments": .array(i.unsupportedInstruments.map(JSONValue.string)),
            "feel": .string(i.feel.rawValue), "swing_ratio": JSONValue(i.swingRatio),
            "extended_chords": .bool(i.extendedChords), "timbres": .array(i.timbres.map(JSONValue.string)),
            "words": .array(i.words.map { word in
                .object(["text": .string(word.text), "status": .string(word.status.rawValue), "effect": .string(word.effect)])
            }),
        ])
    }
}
