import Testing
@testable import StudioEngine

/// The engines that promise sampled instruments (in their descriptions, versions and licence
/// attribution) must actually play them.
@Suite struct SampledEngineTests {
    private func instruments(_ engineKey: String, prompt: String) throws -> [String: SampledInstrument] {
        let engine = try EngineCatalogue.engine(engineKey)
        let request = RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: 60, seed: 2)
        let score = engine.compose(engine.interpret(request), 60, 2)
        var found: [String: SampledInstrument] = [:]
        for part in score.parts { if let sampled = part.instrument as? SampledInstrument { found[part.name] = sampled } }
        return found
    }

    @Test func lofiPlaysTheSampledKitBassAndElectricPiano() throws {
        #expect(SoundFontLibrary.font != nil, "run `make test`, which installs fluid-soundfont-gm")
        let parts = try instruments("lofi-1", prompt: "late night lofi")
        #expect(parts["drums"].map { [$0.bank, $0.program] } == [128, GeneralMIDI.jazzKit])
        #expect(parts["bass"].map { [$0.bank, $0.program] } == [0, GeneralMIDI.fingeredBass])
        #expect(parts["keys"].map { [$0.bank, $0.program] } == [0, GeneralMIDI.electricPiano])
        let piano = try instruments("lofi-1", prompt: "late night lofi with piano")
        #expect(piano["keys"]?.program == GeneralMIDI.grandPiano)
    }

    @Test func ambientLaysSampledStringsOrChoirUnderThePad() throws {
        #expect(try instruments("ambient-1", prompt: "calm focus")["ensemble"]?.program == GeneralMIDI.slowStrings)
        #expect(try instruments("ambient-1", prompt: "calm focus with a choir")["ensemble"]?.program == GeneralMIDI.choirAahs)
        #expect(try instruments("ambient-1", prompt: "calm focus, no strings")["ensemble"] == nil)
    }

    @Test func pulseStaysSynthesised() throws {
        #expect(try instruments("pulse-1", prompt: "peak time techno").isEmpty)
        #expect(try EngineCatalogue.engine("pulse-1").descriptor.licence.requiresAttribution == false)
    }
}
