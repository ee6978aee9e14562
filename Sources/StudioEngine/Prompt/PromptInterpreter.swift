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
        let tokens = Self.tokens(in: text)
        var heard = [PromptInterpretation.HeardWord?](repeating: nil, count: tokens.count)

        // Spans the patterns found: an explicit key and an explicit tempo.
        let spokenKey = Self.spokenKey(in: text)
        let spokenTempo = Self.spokenTempo(in: text)
        if let (key, _, range) = spokenKey {
            Self.mark(tokens, in: range, &heard, effect: requestedKey == nil ? "key: \(key)" : "key: \(key) (the key parameter wins)")
        }
        if let (value, range) = spokenTempo {
            Self.mark(tokens, in: range, &heard, effect: requestedBPM == nil ? "tempo: \(Self.trimmed(value)) bpm" : "tempo (the bpm parameter wins)")
        }

        var recognised: [String] = []
        var genre: String?
        var moods: [String] = []
        var wanted: [String] = [], excluded: [String] = [], unsupported: [String] = []
        var energyShift = 0.0, brightShift = 0.0, spaceShift = 0.0, tempoFactor = 1.0, modeVote = 0
        var explicitEnergy: Double?
        var explicitMode: MusicalKey.Mode?
        var feel = PromptInterpretation.Feel.normal
        var swingRatio: Double?
        var extendedChords = false
        var timbres: [String] = []
        var subgenre: (name: String, tempo: ClosedRange<Double>)?
        var meter: (beats: Int, unit: Int)?
        var negateNext = 0
        var index = 0

        func hear(_ count: Int, _ status: PromptInterpretation.HeardWord.Status, _ effect: String) {
            heard[index] = .init(text: tokens[index..<index + count].map(\.text).joined(separator: " "), status: status, effect: effect)
            for covered in index + 1..<index + count { heard[covered] = .init(text: "", status: status, effect: "") }
            if status == .used { recognised.append(heard[index]!.text) }
        }

        while index < tokens.count {
            defer { index += 1; negateNext = max(0, negateNext - 1) }
            if heard[index] != nil { continue }
            let token = tokens[index].text
            if Vocabulary.negations.contains(token) { hear(1, .used, "negation: leaves out the next instrument"); negateNext = 4; continue }
            if let level = Vocabulary.energyLevels[token], index + 1 < tokens.count, tokens[index + 1].text == "energy" {
                explicitEnergy = level
                hear(2, .used, "energy: \(level)")
                index += 1
                continue
            }
            if let (length, effect) = phrase(at: index, tokens) {
                switch effect {
                case .mode(let mode):
                    explicitMode = mode
                    hear(length, .used, "mode: \(mode.rawValue)")
                case .meter(let beats, let unit):
                    if beats == 4 {
                        meter = (4, 4)
                        hear(length, .used, "metre: 4/4")
                    } else if style.abilities.contains(.tripleMetre) {
                        meter = (beats, unit)
                        hear(length, .used, "metre: \(beats)/\(unit) bars")
                    } else {
                        hear(length, .unsupported, "metre \(beats)/\(unit): this engine plays only 4/4")
                    }
                case .feel(let value):
                    guard style.abilities.contains(.feel) else { hear(length, .unsupported, "feel: this engine has no drum pattern to halve or double"); break }
                    feel = value
                    hear(length, .used, value == .half ? "feel: half-time drums" : "feel: double-time drums")
                case .swing(let ratio):
                    guard style.abilities.contains(.swing) else { hear(length, .unsupported, "swing: this engine has no groove to swing"); break }
                    swingRatio = ratio
                    hear(length, .used, ratio > 0.5 ? "swing: off-beat eighths at \(ratio) of the beat" : "swing: none (straight eighths)")
                case .extendedChords:
                    guard style.abilities.contains(.extendedChords) else { hear(length, .unsupported, "extended chords: not in this engine"); break }
                    extendedChords = true
                    hear(length, .used, "harmony: sevenths and ninths")
                case .timbre(let name):
                    let ability: EngineStyle.Ability = name == "square" ? .squareTimbre : .dusty
                    guard style.abilities.contains(ability) else { hear(length, .unsupported, "timbre \(name): not in this engine"); break }
                    if !timbres.contains(name) { timbres.append(name) }
                    if name == "dusty" { brightShift -= 0.15 }
                    hear(length, .used, name == "square" ? "timbre: square-wave lead" : "timbre: dusty (louder vinyl, darker top)")
                case .subgenre(let name, let range):
                    guard style.abilities.contains(.subgenres) else { hear(length, .unsupported, "sub-genre \(name): this engine has one style"); break }
                    subgenre = subgenre ?? (name, range)
                    genre = genre ?? name
                    hear(length, .used, "sub-genre: \(name), \(Self.trimmed(range.lowerBound))–\(Self.trimmed(range.upperBound)) bpm")
                }
                if length > 1 { index += length - 1 }
                continue
            }
            if let name = Vocabulary.instruments[token] {
                if negateNext > 0 {
                    if !excluded.contains(name) { excluded.append(name) }
                    hear(1, .used, "excluded: \(name)")
                } else if style.instruments.contains(name) {
                    if !wanted.contains(name) { wanted.append(name) }
                    hear(1, .used, "instrument: \(name)")
                } else {
                    if !unsupported.contains(name) { unsupported.append(name) }
                    hear(1, .unsupported, "instrument \(name): not played by this engine")
                }
                negateNext = 0
                continue
            }
            if let name = Vocabulary.genres[token] {
                genre = genre ?? name
                hear(1, .used, "genre: \(name)")
                continue
            }
            if let effect = Vocabulary.moods[token] {
                moods.append(token)
                energyShift += effect.energy
                brightShift += effect.brightness
                spaceShift += effect.space
                tempoFactor *= effect.tempo
                modeVote += effect.mode
                hear(1, .used, "mood: " + Self.describe(effect))
                continue
            }
            hear(1, .ignored, MusicalPhrases.stopWords.contains(token) ? "stop word" : "not in the vocabulary")
        }
        wanted.removeAll { excluded.contains($0) }

        // Tempo.
        var bpm = style.defaultBPM
        var bpmSource = PromptInterpretation.Source.engine
        if let requestedBPM {
            bpm = requestedBPM
            bpmSource = .parameter
        } else if let (spoken, _) = spokenTempo {
            bpm = spoken
            bpmSource = .prompt
            recognised.append("\(Self.trimmed(spoken)) bpm")
        } else if let subgenre {
            // The sub-genre's range, placed by the seed and nudged by tempo moods, kept inside it.
            let span = subgenre.tempo.upperBound - subgenre.tempo.lowerBound
            let seeded = subgenre.tempo.lowerBound + span * random.uniform(0...1)
            bpm = min(max((seeded * tempoFactor).rounded(), subgenre.tempo.lowerBound), subgenre.tempo.upperBound)
            bpmSource = .prompt
        } else if tempoFactor != 1 {
            bpm = (style.defaultBPM * tempoFactor).rounded()
            bpmSource = .mood
        } else {
            bpm = (style.defaultBPM * random.uniform(0.95...1.05)).rounded()
            bpmSource = .seed
        }
        bpm = min(max(bpm, EngineStyle.tempoLimits.lowerBound), EngineStyle.tempoLimits.upperBound)

        // Key: the parameter, then a named key, then a mode word, then the moods, then the seed.
        let key: MusicalKey
        let keySource: PromptInterpretation.Source
        let seededTonic = style.preferredTonics[random.index(style.preferredTonics.count)]
        if let requestedKey {
            key = requestedKey
            keySource = .parameter
        } else if let (spoken, phrase, _) = spokenKey {
            key = spoken
            keySource = .prompt
            recognised.append(phrase)
        } else if let explicitMode {
            key = MusicalKey(tonic: seededTonic, mode: explicitMode)
            keySource = .prompt
        } else if modeVote != 0 {
            key = MusicalKey(tonic: seededTonic, mode: modeVote > 0 ? .major : .minor)
            keySource = .mood
        } else {
            key = MusicalKey(tonic: seededTonic, mode: random.chance(style.minorProbability) ? .minor : .major)
            keySource = .seed
        }

        let energy = explicitEnergy ?? (style.defaultEnergy + energyShift)
        var interpretation = PromptInterpretation(
            genre: genre, moods: moods, bpm: bpm, bpmSource: bpmSource, key: key, keySource: keySource,
            energy: Self.clampUnit(energy, floor: 0.05),
            brightness: Self.clampUnit(style.defaultBrightness + brightShift),
            space: Self.clampUnit(style.defaultSpace + spaceShift),
            instruments: wanted, excludedInstruments: excluded, unsupportedInstruments: unsupported,
            recognisedTerms: recognised)
        interpretation.words = heard.compactMap { $0 }.filter { !$0.text.isEmpty }
        interpretation.feel = feel
        interpretation.swingRatio = swingRatio
        interpretation.extendedChords = extendedChords
        interpretation.timbres = timbres
        interpretation.subgenre = subgenre?.name
        interpretation.beatsPerBar = meter?.beats ?? 4
        interpretation.beatUnit = meter?.unit ?? 4
        return interpretation
    }

    /// The longest phrase of `MusicalPhrases` starting at `index` that this engine can use. A
    /// sub-genre name the engine does not play falls back to the single-word vocabulary, so that
    /// "minimal" on a lofi engine stays a mood and "techno" a genre.
    private func phrase(at index: Int, _ tokens: [Token]) -> (Int, MusicalPhrases.Effect)? {
        for length in stride(from: min(MusicalPhrases.longestPhrase, tokens.count - index), through: 1, by: -1) {
            let words = tokens[index..<index + length].map(\.text).joined(separator: " ")
            guard let effect = MusicalPhrases.table[words] else { continue }
            if case .subgenre = effect, !style.abilities.contains(.subgenres), length == 1,
               Vocabulary.genres[words] != nil || Vocabulary.moods[words] != nil { return nil }
            return (length, effect)
        }
        return nil
    }

    /// Lower-cases and joins the multi-word names that the tokenizer would otherwise split.
    static func normalise(_ prompt: String) -> String {
        var text = " " + prompt.lowercased() + " "
        let phrases = [
            ("lo fi", "lo-fi"), ("hip hop", "hip-hop"), ("boom bap", "boom-bap"), ("electric piano", "electric-piano"),
            ("laid back", "laid-back"), ("hi hats", "hi-hats"), ("hi hat", "hi-hat"), ("sub bass", "sub-bass"),
            ("high-energy", "high energy"), ("low-energy", "low energy"), ("e piano", "e-piano"),
        ]
        // Whole words only: "the piano" must not become "th" + "e-piano".
        for (from, to) in phrases {
            text = text.replacingOccurrences(of: #"\b"# + from + #"\b"#, with: to, options: .regularExpression)
        }
        return text
    }

    /// "92 bpm", "92bpm", "92 beats per minute", "tempo 92".
    static func spokenTempo(in text: String) -> (Double, Range<String.Index>)? {
        let patterns = [
            #"(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats per minute)"#,
            #"tempo\s*(?:of\s*)?(\d{2,3}(?:\.\d+)?)"#,
        ]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: 1), in: text),
                  let value = Double(text[range]), EngineStyle.tempoLimits.contains(value),
                  let whole = Range(match.range, in: text)
            else { continue }
            return (value, whole)
        }
        return nil
    }

    /// "D minor", "F# major", "in Bb", "key of E". A bare letter needs "in"/"key of" and must end the
    /// phrase, so that "a calm piece" is not A major.
    static func spokenKey(in text: String) -> (MusicalKey, String, Range<String.Index>)? {
        let accidental = #"(?:#|♯|b|♭|-sharp|-flat| sharp| flat)?"#
        let patterns = [
            // "in a minor key" is a mode, not A minor; "A minor" (without "key") is the key.
            #"\b(?!a\s+(?:minor|major)\s+key\b)([a-g]"# + accidental + #"\s*(?:major|minor|maj|min))\b(?!-)"#,
            #"\b([a-g]"# + accidental + #"m)\b(?=\s*(?:key|,|\.|$))"#,
            #"\bkey(?: of|:)?\s+([a-g]"# + accidental + #")(?=\s|,|\.|$)"#,
            #"\bin\s+([a-g]"# + accidental + #")(?=\s*(?:,|\.|$))"#,
        ]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: 1), in: text),
                  let key = MusicalKey(parsing: String(text[range])),
                  let whole = Range(match.range, in: text)
            else { continue }
            return (key, String(text[range]), whole)
        }
        return nil
    }

    /// A word of the normalised prompt and where it stands, so that the spans the key and tempo
    /// patterns matched can claim their words.
    struct Token {
        var text: String
        var range: Range<String.Index>
    }

    /// Letters, digits and the marks that belong inside musical words: "lo-fi", "c#", "3/4", "&".
    static func tokens(in text: String) -> [Token] {
        var result: [Token] = []
        var start: String.Index?
        var index = text.startIndex
        while index <= text.endIndex {
            let inside = index < text.endIndex && { (c: Character) in c.isLetter || c.isNumber || "-#/&.".contains(c) }(text[index])
            if inside, start == nil { start = index }
            if !inside, let from = start {
                var word = String(text[from..<index])
                // A full stop ends a sentence; inside a number ("92.5") it stays.
                while word.hasSuffix(".") { word.removeLast() }
                while word.hasPrefix(".") { word.removeFirst() }
                if !word.isEmpty { result.append(Token(text: word, range: from..<index)) }
                start = nil
            }
            if index == text.endIndex { break }
            index = text.index(after: index)
        }
        return result
    }

    /// Claims for an explicit key or tempo the words inside `range`.
    static func mark(_ tokens: [Token], in range: Range<String.Index>, _ heard: inout [PromptInterpretation.HeardWord?],
                     effect: String) {
        let covered = tokens.indices.filter { tokens[$0].range.overlaps(range) }
        guard let first = covered.first else { return }
        heard[first] = .init(text: covered.map { tokens[$0].text }.joined(separator: " "), status: .used, effect: effect)
        for index in covered.dropFirst() { heard[index] = .init(text: "", status: .used, effect: "") }
    }

    /// "energy +0.2, tempo ×0.92, minor" for a mood word's report.
    static func describe(_ effect: Vocabulary.MoodEffect) -> String {
        var parts: [String] = []
        func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + String(format: "%.2g", x) }
        if effect.energy != 0 { parts.append("energy \(signed(effect.energy))") }
        if effect.brightness != 0 { parts.append("brightness \(signed(effect.brightness))") }
        if effect.space != 0 { parts.append("space \(signed(effect.space))") }
        if effect.tempo != 1 { parts.append("tempo ×\(effect.tempo)") }
        if effect.mode != 0 { parts.append(effect.mode > 0 ? "leans major" : "leans minor") }
        return parts.isEmpty ? "colour only" : parts.joined(separator: ", ")
    }

    private static func clampUnit(_ x: Double, floor: Double = 0) -> Double { min(1, max(floor, x)) }
    private static func trimmed(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
