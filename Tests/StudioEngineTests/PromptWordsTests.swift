import StudioCore
import StudioMIDI
import Testing
@testable import StudioEngine

/// Every word of a prompt is accounted for in the interpretation — used (with its effect), not
/// supported by the engine, or ignored (a stop word or outside the vocabulary) — and musical
/// phrases win over their single words.
@Suite struct PromptWordsTests {
    static let prompts = [
        "calm ambient pads, slow", "late night lofi, rainy", "energetic deep house", "wistful piano",
        "lofi in a minor key, warm and dusty", "jazzy swing lofi with rhodes, 84 bpm",
        "waltz in 3/4 for piano", "dark minimal techno, half-time", "bright trance with square waves",
        "drum and bass, double-time, no pads", "breakbeat with a shuffle feel", "straight progressive house",
        "A minor lofi beats for studying", "Something gentle in F# major please", "cafe jazz, evolving and hypnotic",
        "sunrise over the ocean waves", "sad melancholic rainy evening, 6/8", "tempo 100, key of Eb, happy",
        "no drums, no bass, just soft pads", "deep house with sub bass and hi hats", "epic cinematic strings & choir",
        "chiptune square wave lead, upbeat", "low energy lo fi hip hop, vinyl crackle", "swung hats, laid back groove",
        "major key, sleepy, serene", "zxqv florble 🎧 ¿¿ --- 999999 bpm", "ambient drone in c#m, vast and cosmic",
        "techno 132 bpm, intense, driving", "electric piano ballad, nostalgic, half time", "minimal, sparse, focus music",
    ]

    /// The words a reader sees in a prompt: runs of letters and digits, lower-cased.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    @Test(arguments: EngineCatalogue.all.map(\.descriptor.engineKey))
    func everyWordOfThirtyPromptsIsUsedOrReported(engineKey: String) throws {
        let engine = try EngineCatalogue.engine(engineKey)
        for prompt in Self.prompts {
            let interpretation = PromptInterpreter(style: engine.style).interpret(prompt, seed: 7)
            let accounted = interpretation.words.flatMap { Self.words($0.text) }
            for word in Self.words(prompt) {
                #expect(accounted.contains(word), "\(engineKey): \"\(word)\" of \"\(prompt)\" is in neither the used nor the ignored words")
            }
            for heard in interpretation.words {
                #expect(!heard.effect.isEmpty, "\(engineKey): \"\(heard.text)\" has no stated effect or reason")
            }
        }
    }

    @Test func stopWordsAndUnknownWordsAreReportedAsIgnored() {
        let i = PromptInterpreter(style: EngineCatalogue.lofi.style).interpret("a florble piece for the night", seed: 1)
        let ignored = Dictionary(uniqueKeysWithValues: i.words.filter { $0.status == .ignored }.map { ($0.text, $0.effect) })
        #expect(ignored["a"] == "stop word")
        #expect(ignored["for"] == "stop word")
        #expect(ignored["florble"] == "not in the vocabulary")
        #expect(i.ignoredWords.contains("night"))
    }

    @Test func explicitModeWordsBeatMoodWords() {
        let lofi = PromptInterpreter(style: EngineCatalogue.lofi.style)
        for seed in 0..<8 as Range<UInt64> {
            for prompt in ["lofi in a minor key, warm", "warm minor key lofi", "happy sunny minor"] {
                let i = lofi.interpret(prompt, seed: seed)
                #expect(i.key.mode == .minor, "\(prompt)")
                #expect(i.keySource == .prompt, "\(prompt)")
            }
            #expect(lofi.interpret("sad rainy major", seed: seed).key.mode == .major)
            #expect(lofi.interpret("major key, melancholic", seed: seed).key.mode == .major)
        }
        // A named key still names the tonic.
        #expect(lofi.interpret("lofi in A minor", seed: 1).key == MusicalKey(tonic: 9, mode: .minor))
    }

    @Test func squareWavesIsATimbreNotTheSea() {
        let i = PromptInterpreter(style: EngineCatalogue.pulse.style).interpret("trance with square waves", seed: 1)
        #expect(i.timbres == ["square"])
        #expect(!i.wants("noise"))
        #expect(i.words.contains { $0.text == "square waves" && $0.status == .used })
        // On its own, "waves" is still the sea.
        #expect(PromptInterpreter(style: EngineCatalogue.ambient.style).interpret("ocean waves", seed: 1).wants("noise"))
    }

    @Test func phrasesAnEngineCannotPlayAreReportedAsUnsupported() throws {
        for key in ["ambient-1", "pulse-1"] {
            let i = PromptInterpreter(style: try EngineCatalogue.engine(key).style).interpret("waltz in 3/4, 6/8", seed: 1)
            let statuses = i.words.filter { ["waltz", "in 3/4", "6/8"].contains($0.text) }.map(\.status)
            #expect(statuses == [.unsupported, .unsupported, .unsupported], "\(key): \(i.words)")
            #expect(i.timeSignature == "4/4")
        }
        let ambient = PromptInterpreter(style: EngineCatalogue.ambient.style).interpret("swing, half-time, deep house", seed: 1)
        #expect(ambient.swingRatio == nil && ambient.feel == .normal && ambient.subgenre == nil)
        #expect(ambient.words.filter { $0.status == .unsupported }.map(\.text) == ["swing", "half-time", "deep house"])
    }

    @Test func subgenresSetTheirTempoRangeOnPulse() {
        let pulse = PromptInterpreter(style: EngineCatalogue.pulse.style)
        let ranges: [(String, ClosedRange<Double>)] = [
            ("deep house", 118...124), ("techno", 128...136), ("progressive", 122...128), ("trance", 136...140),
            ("minimal techno", 124...130), ("drum and bass", 170...176), ("breakbeat", 128...136),
        ]
        for (name, range) in ranges {
            for seed in 0..<5 as Range<UInt64> {
                let i = pulse.interpret(name, seed: seed)
                #expect(range.contains(i.bpm), "\(name) at \(i.bpm) bpm")
                #expect(i.subgenre != nil)
            }
        }
        #expect(pulse.interpret("techno, 120 bpm", seed: 1).bpm == 120, "a spoken tempo still wins")
    }

    /// Every phrase combination composes on every engine, and twice gives the same MIDI bytes.
    @Test(arguments: EngineCatalogue.all.map(\.descriptor).filter(\.enabled).map(\.engineKey))
    func everyPromptComposesTheSameScoreTwice(engineKey: String) throws {
        for prompt in Self.prompts {
            let request = RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: 30, seed: 5)
            func bytes() throws -> [UInt8] {
                let (_, _, score, metadata) = try Renderer().compose(request)
                #expect(score.noteCount > 0, "\(engineKey): \(prompt)")
                return MIDIFileWriter.bytes(of: ScoreMIDIExport.file(for: score, metadata: metadata))
            }
            #expect(try bytes() == bytes(), "\(engineKey): \(prompt)")
        }
    }

    @Test func interpretationIsDeterministic() {
        let pulse = PromptInterpreter(style: EngineCatalogue.pulse.style)
        #expect(pulse.interpret("dark minimal techno, swing", seed: 3) == pulse.interpret("dark minimal techno, swing", seed: 3))
    }
}
