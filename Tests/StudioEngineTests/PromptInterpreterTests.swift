import StudioCore
import Testing
@testable import StudioEngine

@Suite struct PromptInterpreterTests {
    let lofi = PromptInterpreter(style: EngineCatalogue.lofi.style)

    @Test func explicitTempoAndKeyWordsWin() {
        let i = lofi.interpret("late night lofi, 84 bpm, A minor", seed: 1)
        #expect(i.bpm == 84)
        #expect(i.bpmSource == .prompt)
        #expect(i.key == MusicalKey(tonic: 9, mode: .minor))
        #expect(i.keySource == .prompt)
        #expect(i.genre == "lofi")
    }

    @Test func requestParametersOverrideTheText() {
        let i = lofi.interpret("late night lofi, 84 bpm, A minor", bpm: 70, key: MusicalKey(tonic: 2, mode: .major), seed: 1)
        #expect(i.bpm == 70)
        #expect(i.bpmSource == .parameter)
        #expect(i.key.description == "D major")
        #expect(i.keySource == .parameter)
    }

    @Test(arguments: [
        ("something in F# major please", 6, MusicalKey.Mode.major), ("key of Eb", 3, .major),
        ("dark techno in c#m", 1, .minor), ("Bb minor ballad", 10, .minor), ("slow piece in D", 2, .major),
    ])
    func findsKeysWrittenManyWays(prompt: String, tonic: Int, mode: MusicalKey.Mode) {
        #expect(lofi.interpret(prompt, seed: 3).key == MusicalKey(tonic: tonic, mode: mode))
        #expect(lofi.interpret(prompt, seed: 3).keySource == .prompt)
    }

    @Test func anArticleIsNotAKey() {
        for seed in 0..<20 as Range<UInt64> {
            let i = lofi.interpret("a calm piece for a rainy day", seed: seed)
            #expect(i.keySource != .prompt)
        }
    }

    @Test func moodsChooseTheModeAndMoveEnergy() {
        let sad = lofi.interpret("sad melancholic rainy evening", seed: 5)
        #expect(sad.key.mode == .minor)
        #expect(sad.keySource == .mood)
        let happy = lofi.interpret("happy sunny uplifting morning", seed: 5)
        #expect(happy.key.mode == .major)
        #expect(happy.energy > sad.energy)
        let energetic = lofi.interpret("energetic driving", seed: 5)
        #expect(energetic.bpm > lofi.interpret("calm sleep", seed: 5).bpm)
    }

    @Test func negationsExcludeAndUnsupportedInstrumentsAreReported() {
        let i = lofi.interpret("chill beats with rhodes and rain, no drums, with vocals and saxophone", seed: 1)
        #expect(i.excludedInstruments == ["drums"])
        #expect(i.wants("electric piano"))
        #expect(i.wants("rain"))
        #expect(i.unsupportedInstruments == ["vocals", "saxophone"])
        #expect(!i.wants("drums"))
    }

    @Test func explicitEnergyPhraseSetsEnergy() {
        #expect(lofi.interpret("low energy lofi", seed: 1).energy == 0.25)
        #expect(lofi.interpret("high-energy lofi", seed: 1).energy == 0.85)
    }

    @Test func unknownWordsAreHarmless() {
        let plain = lofi.interpret("lofi", seed: 9)
        let noisy = lofi.interpret("lofi zxqv florble 🎧 ¿¿ --- 999999 bpm", seed: 9)
        var expected = PromptInterpretation(
            genre: noisy.genre, moods: noisy.moods, bpm: noisy.bpm, bpmSource: noisy.bpmSource, key: noisy.key,
            keySource: noisy.keySource, energy: noisy.energy, brightness: noisy.brightness, space: noisy.space,
            instruments: noisy.instruments, excludedInstruments: noisy.excludedInstruments,
            unsupportedInstruments: noisy.unsupportedInstruments, recognisedTerms: plain.recognisedTerms)
        expected.words = plain.words
        #expect(plain == expected)
        #expect(noisy.words.filter { $0.status == .ignored }.map(\.text).contains("florble"))
    }

    @Test func theSameSeedGivesTheSameInterpretation() {
        #expect(lofi.interpret("chill", seed: 42) == lofi.interpret("chill", seed: 42))
    }

    @Test func tempoIsClampedToTheEngineLimits() {
        #expect(lofi.interpret("x", bpm: 500, seed: 1).bpm == 200)
    }
}
