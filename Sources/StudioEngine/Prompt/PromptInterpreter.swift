import Foundation
import StudioCore

/// Turns free text into a `PromptInterpretation` for one engine.
///
/// Precedence, strongest first: explicit request parameters, explicit words ("92 bpm",
/// "in D minor"), mood words, then the seed within the engine's style. Unknown words are ignored.
public struct PromptInterpreter: Sendable {
    public let style: EngineStyle

    public init(style: EngineStyle) { self.style = style }

    public func interpret(
        _ prompt: String, bpm requestedBPM: Double? = nil, key requestedKey: MusicalKey? = nil,
        seed: UInt64
    ) -> PromptInterpretation {
        var random = SeededRandom(seed: seed).derived("interpretation")
        let text = Self.normalise(prompt)
        let tokens = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "#") })
            .map(String.init)

        var recognised: [String] = []
        var genre: String?
        var moods: [String] = []
        var wanted: [String] = [], excluded: [String] = [], unsupported: [String] = []
        var energyShift = 0.0, brightShift = 0.0, spaceShift = 0.0, tempoFactor = 1.0, modeVote = 0
        var explicitEnergy: Double?
        var negateNext = 0

        for (index, token) in tokens.enumerated() {
            if Vocabulary.negations.contains(token) { negateNext = 3; recognised.append(token); continue }
            defer { negateNext = max(0, negateNext - 1) }
            if token == "energy", index > 0, let level = Vocabulary.energyLevels[tokens[index - 1]] {
                explicitEnergy = level
                recognised.append("\(tokens[index - 1]) energy")
                continue
            }
            if let name = Vocabulary.instruments[token] {
                recognised.append(token)
                if negateNext > 0 {
                    if !excluded.contains(name) { excluded.append(name) }
                } else if style.instruments.contains(name) {
                    if !wanted.contains(name) { wanted.append(name) }
                } else if !unsupported.contains(name) {
                    unsupported.append(name)
                }
                negateNext = 0
                continue
            }
            if let name = Vocabulary.genres[token] {
                genre = genre ?? name
                recognised.append(token)
                continue
            }
            if let effect = Vocabulary.moods[token] {
                moods.append(token)
                recognised.append(token)
                energyShift += effect.energy
                brightShift += effect.brightness
                spaceShift += effect.space
                tempoFactor *= effect.tempo
                modeVote += effect.mode
            }
        }
        wanted.removeAll { excluded.contains($0) }

        // Tempo.
        var bpm = style.defaultBPM
        var bpmSource = PromptInterpretation.Source.engine
        if let requestedBPM {
            bpm = requestedBPM
            bpmSource = .parameter
        } else if let spoken = Self.spokenTempo(in: text) {
            bpm = spoken
            bpmSource = .prompt
            recognised.append("\(Self.trimmed(spoken)) bpm")
        } else if tempoFactor != 1 {
            bpm = (style.defaultBPM * tempoFactor).rounded()
            bpmSource = .mood
        } else {
            bpm = (style.defaultBPM * random.uniform(0.95...1.05)).rounded()
            bpmSource = .seed
        }
        bpm = min(max(bpm, EngineStyle.tempoLimits.lowerBound), EngineStyle.tempoLimits.upperBound)

        // Key.
        let key: MusicalKey
        let keySource: PromptInterpretation.Source
        let seededTonic = style.preferredTonics[random.index(style.preferredTonics.count)]
        if let requestedKey {
            key = requestedKey
            keySource = .parameter
        } else if let (spoken, phrase) = Self.spokenKey(in: text) {
            key = spoken
            keySource = .prompt
            recognised.append(phrase)
        } else if modeVote != 0 {
            key = MusicalKey(tonic: seededTonic, mode: modeVote > 0 ? .major : .minor)
            keySource = .mood
        } else {
            key = MusicalKey(tonic: seededTonic, mode: random.chance(style.minorProbability) ? .minor : .major)
            keySource = .seed
        }

        let energy = explicitEnergy ?? (style.defaultEnergy + energyShift)
        return PromptInterpretation(
            genre: genre, moods: moods, bpm: bpm, bpmSource: bpmSource, key: key, keySource: keySource,
            energy: Self.clampUnit(energy, floor: 0.05),
            brightness: Self.clampUnit(style.defaultBrightness + brightShift),
            space: Self.clampUnit(style.defaultSpace + spaceShift),
            instruments: wanted, excludedInstruments: excluded, unsupportedInstruments: unsupported,
            recognisedTerms: recognised)
    }

    /// Lower-cases and joins the multi-word names that the tokenizer would otherwise split.
    static func normalise(_ prompt: String) -> String {
        var text = " " + prompt.lowercased() + " "
        let phrases = [
            ("lo fi", "lo-fi"), ("hip hop", "hip-hop"), ("boom bap", "boom-bap"), ("electric piano", "e-piano"),
            ("laid back", "laid-back"), ("hi hats", "hi-hats"), ("hi hat", "hi-hats"), ("sub bass", "sub"),
            ("high-energy", "high energy"), ("low-energy", "low energy"), ("e piano", "e-piano"),
        ]
        for (from, to) in phrases { text = text.replacingOccurrences(of: from, with: to) }
        return text
    }

    /// "92 bpm", "92bpm", "92 beats per minute", "tempo 92".
    static func spokenTempo(in text: String) -> Double? {
        let patterns = [
            #"(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats per minute)"#,
            #"tempo\s*(?:of\s*)?(\d{2,3}(?:\.\d+)?)"#,
        ]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: 1), in: text),
                  let value = Double(text[range]), EngineStyle.tempoLimits.contains(value)
            else { continue }
            return value
        }
        return nil
    }

    /// "D minor", "F# major", "in Bb", "key of E". A bare letter needs "in"/"key of" and must end the
    /// phrase, so that "a calm piece" is not A major.
    static func spokenKey(in text: String) -> (MusicalKey, String)? {
        let accidental = #"(?:#|♯|b|♭|-sharp|-flat| sharp| flat)?"#
        let patterns = [
            #"\b([a-g]"# + accidental + #"\s*(?:major|minor|maj|min))\b"#,
            #"\b([a-g]"# + accidental + #"m)\b(?=\s*(?:key|,|\.|$))"#,
            #"\bkey(?: of|:)?\s+([a-g]"# + accidental + #")(?=\s|,|\.|$)"#,
            #"\bin\s+([a-g]"# + accidental + #")(?=\s*(?:,|\.|$))"#,
        ]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: 1), in: text),
                  let key = MusicalKey(parsing: String(text[range]))
            else { continue }
            return (key, String(text[range]))
        }
        return nil
    }

    private static func clampUnit(_ x: Double, floor: Double = 0) -> Double { min(1, max(floor, x)) }
    private static func trimmed(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
