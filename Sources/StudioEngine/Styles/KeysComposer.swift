import StudioCore

/// Solo piano: the left hand keeps time with broken chords that change with the section, the
/// right hand sings a motif and its developments, and the piece closes on a rolled tonic chord.
struct KeysComposer: Sendable {
    let interpretation: PromptInterpretation
    let seed: UInt64
    /// The sections to compose instead of planning them from the duration: a focus segment's.
    var plannedForm: Form? = nil

    func compose(duration: Double) -> Score {
        let root = SeededRandom(seed: seed)
        var random = root.derived("keys.structure")
        let key = interpretation.key
        let scale = Scale(key: key)
        let form = plannedForm ?? Form.plan(duration: duration, tempo: interpretation.bpm, tail: max(3.5, 60 / interpretation.bpm * 4))
        let table = key.mode == .major ? Progressions.major : Progressions.minor
        let verse = Progressions.pick(table, &random)
        let chorus = Progressions.pick(key.mode == .major ? Progressions.majorChorus : Progressions.minorChorus, &random)
        let plan = HarmonicPlan(form: form, scale: scale, verse: verse, chorus: chorus, barsPerChord: 1,
                                extensions: interpretation.extendedChords ? 2 : 0)
        let groove = Groove(form: form, swing: 0, timingJitter: 0.006, velocityJitter: 0.05)
        // The sampled grand when the SoundFont is there (the engine is disabled without it);
        // the additive piano only keeps scores composable in its absence.
        let piano: any Instrument = SoundFontLibrary.font.map { SampledInstrument(soundFont: $0, bank: 0, program: 0) }
            ?? AcousticPiano(brightness: Float(0.3 + interpretation.brightness * 0.5))
        // The melody from one channel of the piano's stereo samples, so that it survives mono.
        let melodyPiano: any Instrument = SoundFontLibrary.font.map {
            SampledInstrument(soundFont: $0, bank: 0, program: 0, monoSource: true)
        } ?? piano
        var lhRandom = root.derived("keys.left")
        var rhRandom = root.derived("keys.right")
        let parts = [
            Part(name: "left hand", stem: .harmony, instrument: piano,
                 notes: leftHand(form: form, plan: plan, groove: groove, random: &lhRandom), gain: 0.6, pan: -0.12, reverbSend: 0.22),
            Part(name: "right hand", stem: .melody, instrument: melodyPiano,
                 notes: rightHand(form: form, plan: plan, groove: groove, random: &rhRandom), gain: 0.62, pan: 0.12, reverbSend: 0.22),
        ]
        let space = SpaceSettings(reverbSeconds: Float(1.8 + interpretation.space * 1.5), reverbDamping: 0.55,
                                  preDelay: 0.018, delaySeconds: Float(form.beatDuration), delayFeedback: 0.2)
        return Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                     fadeIn: 0.02, fadeOut: min(4, duration * 0.12))
    }

    private func leftHand(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        for section in form.sections {
            for bar in section.startBar..<section.endBar {
                let chord = plan.chord(atBar: bar)
                let bass = StyleTools.nearest(chord.root, to: 43)
                let fifth = StyleTools.nearest(chord.tones[2], to: bass + 7)
                let third = StyleTools.nearest(chord.tones[1], to: bass + 15)
                let dynamics = 0.45 + section.energy * 0.25
                func play(_ step: Double, _ pitch: Int, _ length: Double, _ velocity: Double) {
                    notes.append(groove.note(bar: bar, sixteenth: step, lengthSixteenths: length, pitch: pitch,
                                             velocity: velocity, random: &random))
                }
                switch section.kind {
                // Patterns lean on the root, as a pianist's left hand does: the root and its octave
                // carry the harmony, the fifth and tenth only colour it.
                case .intro, .outro, .breakdown:
                    // Broken chord in quarters, unhurried.
                    for (i, p) in [bass, fifth, bass + 12, third].enumerated() { play(Double(i * 4), p, 8, dynamics - (i == 0 ? 0 : 0.1)) }
                case .verse:
                    for (i, p) in [bass, fifth, bass + 12, third, bass, fifth, bass + 12, third].enumerated() {
                        play(Double(i * 2), p, 4, dynamics - (i % 4 == 0 ? 0 : 0.12))
                    }
                case .chorus, .finale:
                    play(0, bass - 12, 8, dynamics + 0.05)
                    play(0, bass, 8, dynamics)
                    for (i, p) in [bass + 12, third, fifth, bass + 12, third, bass + 12, fifth].enumerated() {
                        play(Double((i + 1) * 2), p, 3, dynamics - 0.14)
                    }
                }
            }
        }
        let tonic = StyleTools.nearest(plan.finalChord.root, to: 43)
        for (i, p) in [tonic - 12, tonic, tonic + 7, tonic + 12].enumerated() {
            notes.append(NoteEvent(start: form.finalChordTime + Double(i) * 0.06, duration: 5, pitch: p, velocity: 0.5))
        }
        return notes
    }

    private func rightHand(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        let writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 72), range: 62...86)
        let verseMotif = Motif.make(bars: 2, density: 0.35 + interpretation.energy * 0.3, random: &random)
        let chorusMotif = Motif.make(bars: 2, density: 0.5 + interpretation.energy * 0.3, random: &random, range: 0...8)
        var notes: [NoteEvent] = []
        for section in form.sections where section.kind != .intro {
            var bar = section.startBar
            var phrase = 0
            while bar + 2 <= section.endBar {
                var motif = section.kind == .chorus || section.kind == .finale ? chorusMotif : verseMotif
                if section.kind == .breakdown { motif = motif.fragment(0.6) }
                if phrase % 2 == 1 { motif = phrase % 4 == 3 ? motif.inverted() : motif.ornamented(&random) }
                if bar + 2 == section.endBar && section.kind == .outro { motif = motif.cadencing(on: 0) }
                let melody = writer.write(motif, bar: bar, anchor: section.kind == .chorus ? 2 : 0,
                                          velocity: 0.55 + section.energy * 0.2, groove: groove, random: &random)
                notes += melody
                // In fuller sections, double strong melody notes a third or sixth below.
                if section.kind == .chorus || section.kind == .finale {
                    for note in melody where note.duration >= form.beatDuration {
                        var harmony = note
                        harmony.pitch -= plan.scale.contains(pitchClass: (note.pitch - 4 + 12) % 12) ? 4 : 3
                        harmony.velocity *= 0.75
                        notes.append(harmony)
                    }
                }
                bar += 2
                phrase += 1
            }
        }
        let top = StyleTools.nearest(plan.finalChord.root, to: 72)
        notes.append(NoteEvent(start: form.finalChordTime + 0.25, duration: 5, pitch: top, velocity: 0.5))
        return notes
    }
}
