import StudioCore

/// Slow, spacious ambient music for focus: long overlapping pad chords two bars apiece, a low
/// drone on the tonic and fifth, sparse bell tones drawn from one motif, and a wind texture that
/// breathes with the sections. No drums: it is the focus engine.
struct AmbientComposer: Sendable {
    let interpretation: PromptInterpretation
    let seed: UInt64
    /// The sections to compose instead of planning them from the duration: a focus segment's.
    var plannedForm: Form? = nil

    func compose(duration: Double) -> Score {
        let root = SeededRandom(seed: seed)
        var random = root.derived("ambient.structure")
        let key = interpretation.key
        let scale = Scale(key: key)
        let form = plannedForm ?? Form.plan(duration: duration, tempo: interpretation.bpm, tail: max(5, 60 / interpretation.bpm * 6), phraseBars: 2)
        let table = key.mode == .major ? Progressions.floatingMajor : Progressions.floatingMinor
        let verse = Progressions.pick(table, &random)
        let chorus = Progressions.pick(table, &random, avoiding: verse)
        let plan = HarmonicPlan(form: form, scale: scale, verse: verse, chorus: chorus, barsPerChord: 2,
                                extensions: interpretation.extendedChords ? 2 : 1,
                                plagalEnding: true)
        let groove = Groove(form: form, swing: 0, timingJitter: 0.02, velocityJitter: 0.08)
        let bright = Float(interpretation.brightness)
        var parts: [Part] = []

        let padCharacter: Pad.Character = interpretation.wants("choir") ? .choir
            : interpretation.wants("strings") ? .strings : .warm
        let pad = Pad(character: padCharacter, brightness: bright * 0.7)
        parts.append(Part(name: "pad", stem: .harmony, instrument: pad,
                          notes: padChords(form: form, plan: plan), gain: 0.8, pan: 0,
                          reverbSend: 0.5, ride: StyleTools.swell(form: form, inBars: 2, outBars: 2, floor: 0.5),
                          filter: pad.sharedFilter, halfRate: true))
        // Sampled strings (or a choir, when asked) double the pad an octave down, so that the
        // synthesised pad has a real ensemble's grain under it.
        let ensembleProgram = interpretation.wants("choir") ? GeneralMIDI.choirAahs : GeneralMIDI.slowStrings
        if !interpretation.excludes("strings"), let ensemble = SoundFontLibrary.melodic(ensembleProgram) {
            parts.append(Part(name: "ensemble", stem: .harmony, instrument: ensemble,
                              notes: ensembleChords(form: form, plan: plan), gain: 0.3, pan: -0.1,
                              reverbSend: 0.55, ride: StyleTools.swell(form: form, inBars: 4, outBars: 2, floor: 0.3),
                              halfRate: true))
        }
        if !interpretation.excludes("drone") && !interpretation.excludes("bass") {
            parts.append(Part(name: "drone", stem: .bass, instrument: BassSynth(character: .sub, brightness: 0.15),
                              notes: drone(form: form, plan: plan), gain: 0.3, reverbSend: 0.15, halfRate: true))
        }
        if !interpretation.excludes("bells") {
            var bellRandom = root.derived("ambient.bells")
            let instrument: any Instrument
            if interpretation.wants("piano") {
                instrument = SoundFontLibrary.melodic(GeneralMIDI.grandPiano, monoSource: true) ?? AcousticPiano(brightness: 0.25 + bright * 0.3)
            } else {
                instrument = Bells(brightness: 0.3 + bright * 0.5)
            }
            parts.append(Part(name: "bells", stem: .melody, instrument: instrument,
                              notes: bells(form: form, plan: plan, groove: groove, random: &bellRandom),
                              gain: 1.4, pan: 0.2, reverbSend: 0.6, delaySend: 0.35, halfRate: true))
        }
        let textureKind: Texture.Kind = interpretation.wants("rain") ? .rain : .wind
        if !interpretation.excludes("noise") {
            parts.append(Part(name: "air", stem: .texture, instrument: Texture(kind: textureKind, seed: UInt32(truncatingIfNeeded: seed)),
                              notes: [NoteEvent(start: 0, duration: duration, pitch: 60, velocity: 0.5)],
                              gain: textureKind == .rain ? 0.8 : 0.45, reverbSend: 0.3,
                              ride: StyleTools.swell(form: form, inBars: 4, outBars: 4, floor: 0.3), halfRate: true))
        }
        let space = SpaceSettings(reverbSeconds: Float(3.5 + interpretation.space * 3.5), reverbDamping: 0.5 - bright * 0.2,
                                  preDelay: 0.035, delaySeconds: Float(form.beatDuration * 1.5), delayFeedback: 0.45,
                                  reverbReturn: 1.7)
        return Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                     fadeIn: min(3, duration * 0.08), fadeOut: min(6, duration * 0.15))
    }

    /// Four-note pad chords that overlap into the next: the slow release makes each change a
    /// cross-dissolve.
    private func padChords(form: Form, plan: HarmonicPlan) -> [NoteEvent] {
        heldChords(form: form, plan: plan, voices: 4, center: 60, overlap: 0.3, finalSeconds: 12, velocity: (0.45, 0.4))
    }

    /// Three-note chords below the pad's, held a little longer so that the strings' slow release
    /// bridges each change.
    private func ensembleChords(form: Form, plan: HarmonicPlan) -> [NoteEvent] {
        heldChords(form: form, plan: plan, voices: 3, center: 52, overlap: 0.2, finalSeconds: 10, velocity: (0.5, 0.35))
    }

    /// One voiced chord per harmonic span, voice-led from the last, held `overlap` seconds into
    /// the next, then the final chord for `finalSeconds`. Velocity rises with the section's energy.
    private func heldChords(form: Form, plan: HarmonicPlan, voices: Int, center: Int, overlap: Double, finalSeconds: Double,
                            velocity: (base: Double, perEnergy: Double)) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int]?
        for span in plan.spans {
            let section = form.section(atBar: span.startBar)
            let voicing = Voicing.voice(span.chord.tones, count: voices, center: center, previous: previous)
            previous = voicing
            for pitch in voicing {
                notes.append(NoteEvent(start: form.time(ofBar: span.startBar), duration: Double(span.bars) * form.barDuration + overlap,
                                       pitch: pitch, velocity: Float(velocity.base + section.energy * velocity.perEnergy)))
            }
        }
        for pitch in Voicing.voice(plan.finalChord.tones, count: voices, center: center, previous: previous) {
            notes.append(NoteEvent(start: form.finalChordTime, duration: finalSeconds, pitch: pitch, velocity: 0.55))
        }
        return notes
    }

    private func drone(form: Form, plan: HarmonicPlan) -> [NoteEvent] {
        let tonic = plan.scale.tonicMIDI(near: 45)
        var notes: [NoteEvent] = []
        for section in form.sections {
            let start = form.time(ofBar: section.startBar)
            let length = Double(section.bars) * form.barDuration + 0.5
            let velocity = Float(0.5 + section.energy * 0.3)
            notes.append(NoteEvent(start: start, duration: length, pitch: tonic, velocity: velocity))
            if section.kind != .intro && section.kind != .outro {
                notes.append(NoteEvent(start: start, duration: length, pitch: tonic + 7, velocity: velocity * 0.6))
            }
        }
        notes.append(NoteEvent(start: form.finalChordTime, duration: 12, pitch: tonic, velocity: 0.6))
        return notes
    }

    private func bells(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        let writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 76), range: 69...91)
        let motif = Motif.make(bars: 4, density: 0.1, random: &random, range: 0...6)
        var notes: [NoteEvent] = []
        for section in form.sections where section.kind != .intro {
            var bar = section.startBar
            var phrase = 0
            while bar + 4 <= section.endBar {
                var m = phrase % 2 == 0 ? motif : motif.transposed(by: random.chance(0.5) ? 2 : -1)
                if section.kind == .outro || section.kind == .breakdown { m = m.fragment(0.5) }
                if section.kind == .outro && bar + 4 >= section.endBar { m = m.cadencing(on: 0) }
                let keep = section.kind == .chorus || section.kind == .finale ? 1.0 : 0.7
                notes += writer.write(m, bar: bar, anchor: 0, velocity: 0.45 + section.energy * 0.2, groove: groove, random: &random)
                    .filter { _ in random.chance(keep) }
                bar += 4
                phrase += 1
            }
        }
        return notes
    }
}
