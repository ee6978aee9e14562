import StudioCore
import Testing
@testable import StudioEngine

@Suite struct CompositionTests {
    @Test(arguments: [15.0, 30, 60, 90, 180, 600, 1800])
    func formFitsTheDurationWithARingingTail(duration: Double) {
        let form = Form.plan(duration: duration, tempo: 84, tail: 3)
        #expect(form.finalChordTime <= duration - 3 + 1e-9)
        #expect(form.totalBars >= 1)
        // Sections tile the bars with no gap or overlap.
        var bar = 0
        for section in form.sections {
            #expect(section.startBar == bar)
            bar = section.endBar
        }
        if duration >= 60 {
            #expect(form.sections.first?.kind == .intro)
            #expect(form.sections.last?.kind == .outro)
            let middle = form.sections.dropFirst().dropLast().map(\.energy).max() ?? 0
            #expect(form.sections.first!.energy < middle && form.sections.last!.energy < middle)
        }
        if duration >= 180 { #expect(form.sections.contains { $0.kind == .breakdown }) }
    }

    @Test func scaleDegreesWrapAcrossOctaves() {
        let scale = Scale(key: MusicalKey(tonic: 9, mode: .minor))
        #expect(scale.semitones(ofDegree: 0) == 0)
        #expect(scale.semitones(ofDegree: 2) == 3)
        #expect(scale.semitones(ofDegree: 7) == 12)
        #expect(scale.semitones(ofDegree: -1) == -2)
        #expect(scale.pitchClass(ofDegree: 4) == 4) // E in A minor
    }

    @Test func minorDominantGetsItsLeadingTone() {
        let scale = Scale(key: MusicalKey(tonic: 9, mode: .minor))
        #expect(Chord(degree: 4, in: scale, raisedLeadingTone: true).tones == [4, 8, 11, 2]) // E7: E G# B D
        #expect(Chord(degree: 4, in: scale).tones == [4, 7, 11, 2]) // Em7
        #expect(Chord(degree: 3, in: scale, extensions: 1).tones == [2, 5, 9, 0]) // Dm7
        #expect(Chord(degree: 0, in: scale, extensions: 1).tones == [9, 0, 4, 11]) // Am(add9), not a leaning Am7
    }

    @Test func voiceLeadingMovesLittle() {
        // C major to F major: the common tone stays, others move by step.
        let c = Voicing.voice([0, 4, 7], count: 3, center: 62, previous: nil)
        let f = Voicing.voice([5, 9, 0], count: 3, center: 62, previous: c)
        let movement = zip(c.sorted(), f.sorted()).map { abs($0 - $1) }.reduce(0, +)
        #expect(movement <= 3, "C \(c) → F \(f) moved \(movement) semitones")
        #expect(Set(f.map { $0 % 12 }) == [5, 9, 0])
    }

    @Test func motifsRecurAndDevelop() {
        var random = SeededRandom(seed: 11)
        let motif = Motif.make(bars: 2, density: 0.5, random: &random)
        #expect(motif.notes.count >= 3)
        #expect(motif.notes.allSatisfy { $0.onset >= 0 && $0.onset + $0.length <= motif.length })
        let moved = motif.transposed(by: 2)
        #expect(zip(motif.notes, moved.notes).allSatisfy { $1.step == $0.step + 2 && $1.onset == $0.onset })
        #expect(motif.cadencing(on: 0).notes.last?.step == 0)
        #expect(motif.inverted().notes.map(\.onset) == motif.notes.map(\.onset))
    }

    @Test(arguments: ["ambient-1", "lofi-1", "pulse-1", "keys-1"])
    func scoresEndOnTheTonicChord(engineKey: String) throws {
        let engine = try EngineCatalogue.engine(engineKey)
        let request = RenderRequest(engineKey: engineKey, prompt: "in E minor", durationSeconds: 90, seed: 3)
        let interpretation = engine.interpret(request)
        let score = engine.compose(interpretation, 90, 3)
        let pitched = score.parts.filter { $0.stem != .drums && $0.stem != .texture }
        let finalNotes = pitched.flatMap(\.notes).filter { $0.start >= score.form.finalChordTime - 0.05 }
        #expect(!finalNotes.isEmpty)
        let pitchClasses = Set(finalNotes.map { $0.pitch % 12 })
        #expect(pitchClasses.contains(4), "final chord \(pitchClasses) lacks the tonic E")
        // E minor, with the seventh and ninth that jazz-tinged engines add.
        #expect(pitchClasses.isSubset(of: [4, 7, 11, 2, 6]), "final chord \(pitchClasses) is not E minor (7, 9)")
        #expect(score.parts.flatMap(\.notes).allSatisfy { $0.start >= 0 && $0.start < 90 && $0.duration > 0 })
    }
}
