import StudioCore

/// Slow, spacious ambient music for focus: a form of irregular, slowly changing states
/// (`AmbientForm`), a harmony that walks instead of looping (`AmbientHarmony`), long overlapping
/// pad chords over a tonic drone, a few melodic events placed at irregular times
/// (`AmbientEvents`), and a wind texture that breathes on its own schedule. No drums: it is the
/// focus engine. The seed chooses the form, the harmony's path, the voicing, which layers each
/// state holds and the melody's instrument, so two seeds are two pieces.
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
        let tail = max(5, 60 / interpretation.bpm * 6)
        let calm = 1 - interpretation.energy
        let form = plannedForm ?? AmbientForm.plan(duration: duration, tempo: interpretation.bpm, tail: tail, calm: calm, random: &random)
        var harmonyRandom = root.derived("ambient.harmony")
        let plan = AmbientHarmony(form: form, scale: scale, extensions: interpretation.extendedChords ? 2 : 1, calm: calm,
                                  random: &harmonyRandom).plan
        let bright = Float(interpretation.brightness)
        var arrangement = root.derived("ambient.arrangement")
        var parts: [Part] = []

        let padCharacter: Pad.Character = interpretation.wants("choir") ? .choir
            : interpretation.wants("strings") ? .strings : arrangement.chance(0.3) ? .strings : .warm
        let pad = Pad(character: padCharacter, brightness: bright * 0.7)
        let voices = arrangement.weighted([(3, 0.6), (4, 1.0), (5, 0.6)])
        let center = arrangement.weighted([(55, 0.6), (58, 1.0), (60, 1.0), (64, 0.6)])
        // A whole piece may open on the drone and air alone, the pad entering a bar or two later.
        let padEntry = form.isContinuous ? 0 : arrangement.weighted([(0, 1.0), (1, 1.0), (2, 0.7)])
        // …and not on the bar line: the first chord comes in a seeded moment late, so two seeds'
        // openings are not the same sound at the same time.
        let padLate = form.isContinuous ? 0 : arrangement.uniform(0...2.5)
        parts.append(Part(name: "pad", stem: .harmony, instrument: pad,
                          notes: heldChords(form: form, plan: plan, voices: voices, center: center, overlap: 0.3, finalSeconds: 12,
                                            velocity: (0.45, 0.4), late: padLate, playing: { $0 >= padEntry }),
                          gain: 0.8, pan: 0, reverbSend: 0.5, ride: energyRide(form: form, floor: 0.5),
                          filter: pad.sharedFilter, halfRate: true))
        // Sampled strings (or a choir, when asked) double the pad an octave down in the states the
        // seed gives them, so that the synthesised pad has a real ensemble's grain under it.
        let ensembleProgram = interpretation.wants("choir") ? GeneralMIDI.choirAahs : GeneralMIDI.slowStrings
        if !interpretation.excludes("strings"), let ensemble = SoundFontLibrary.melodic(ensembleProgram) {
            let share = interpretation.wants("strings") || interpretation.wants("choir") ? 1.0 : arrangement.uniform(0.4...0.9)
            var chosen = root.derived("ambient.ensemble.sections")
            let sections = Set(form.sections.filter { $0.kind == .chorus || chosen.chance(share) }.map(\.startBar))
            parts.append(Part(name: "ensemble", stem: .harmony, instrument: ensemble,
                              notes: heldChords(form: form, plan: plan, voices: 3, center: center - 8, overlap: 0.2, finalSeconds: 10,
                                                velocity: (0.5, 0.35), late: form.isContinuous ? 0 : arrangement.uniform(0...3),
                                                playing: { sections.contains(form.section(atBar: $0).startBar) }),
                              gain: 0.3, pan: -0.1, reverbSend: 0.55, ride: StyleTools.swell(form: form, inBars: 4, outBars: 2, floor: 0.3),
                              halfRate: true))
        }
        if !interpretation.excludes("drone") && !interpretation.excludes("bass") {
            let fifthShare = arrangement.uniform(0.2...0.8)
            // The drone's first note sounds a seeded fraction of a second in, so two seeds' drones
            // do not start in phase.
            let droneDelay = form.isContinuous ? 0 : arrangement.uniform(0...1.5)
            var droneRandom = root.derived("ambient.drone")
            parts.append(Part(name: "drone", stem: .bass, instrument: BassSynth(character: .sub, brightness: 0.15),
                              notes: drone(form: form, plan: plan, fifthShare: fifthShare, delay: droneDelay, random: &droneRandom),
                              gain: 0.3, reverbSend: 0.15, halfRate: true))
        }
        if !interpretation.excludes("bells") {
            var eventRandom = root.derived("ambient.bells")
            let instrument: any Instrument
            let voice = interpretation.wants("piano") ? 1 : interpretation.wants("bells") ? 0 : arrangement.weighted([(0, 1.0), (1, 0.4), (2, 0.25)])
            switch voice {
            case 1: instrument = SoundFontLibrary.melodic(GeneralMIDI.grandPiano, monoSource: true) ?? AcousticPiano(brightness: 0.25 + bright * 0.3)
            case 2: instrument = Pluck(brightness: 0.45 + bright * 0.4)
            default: instrument = Bells(brightness: 0.3 + bright * 0.5)
            }
            let focus = interpretation.moods.contains { FocusWords.all.contains($0) }
            let events = AmbientEvents(form: form, plan: plan, energy: interpretation.energy, sparse: focus)
            parts.append(Part(name: "bells", stem: .melody, instrument: instrument,
                              notes: events.notes(random: &eventRandom),
                              gain: voice == 2 ? 1.2 : 1.4, pan: 0.2, reverbSend: 0.6, delaySend: 0.35, halfRate: true))
        }
        let textureKind: Texture.Kind = interpretation.wants("rain") ? .rain : .wind
        if !interpretation.excludes("noise") {
            var airRandom = root.derived("ambient.air")
            parts.append(Part(name: "air", stem: .texture, instrument: Texture(kind: textureKind, seed: UInt32(truncatingIfNeeded: seed)),
                              notes: [NoteEvent(start: 0, duration: duration, pitch: 60, velocity: 0.5)],
                              gain: textureKind == .rain ? 0.8 : 0.45, reverbSend: 0.3,
                              ride: airRide(form: form, duration: duration, random: &airRandom), halfRate: true))
        }
        let space = SpaceSettings(reverbSeconds: Float(3.5 + interpretation.space * 3.5), reverbDamping: 0.5 - bright * 0.2,
                                  preDelay: 0.035, delaySeconds: Float(form.beatDuration * 1.5), delayFeedback: 0.45,
                                  reverbReturn: 1.7)
        return Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                     fadeIn: min(3, duration * 0.08), fadeOut: min(6, duration * 0.15))
    }

    /// One voiced chord per harmonic span in the bars `playing` allows, voice-led from the last,
    /// held `overlap` seconds into the next (the slow release makes each change a cross-dissolve),
    /// then the final chord for `finalSeconds`. Velocity rises with the state's energy.
    private func heldChords(form: Form, plan: HarmonicPlan, voices: Int, center: Int, overlap: Double, finalSeconds: Double,
                            velocity: (base: Double, perEnergy: Double), late: Double, playing: (Int) -> Bool) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int]?
        for span in plan.spans {
            let bars = (span.startBar..<(span.startBar + span.bars)).filter(playing)
            guard let first = bars.first else { continue }
            let section = form.section(atBar: span.startBar)
            let voicing = Voicing.voice(span.chord.tones, count: voices, center: center, previous: previous)
            // `late` delays the first chord only.
            let delay = previous == nil ? min(late, form.barDuration * 0.75) : 0
            previous = voicing
            for pitch in voicing {
                notes.append(NoteEvent(start: form.time(ofBar: first) + delay,
                                       duration: Double(bars.count) * form.barDuration + overlap - delay,
                                       pitch: pitch, velocity: Float(velocity.base + section.energy * velocity.perEnergy)))
            }
        }
        if !form.isContinuous {
            for pitch in Voicing.voice(plan.finalChord.tones, count: voices, center: center, previous: previous) {
                notes.append(NoteEvent(start: form.finalChordTime, duration: finalSeconds, pitch: pitch, velocity: 0.55))
            }
        }
        return notes
    }

    /// The tonic held through every state, its fifth added in some of them by the seed.
    private func drone(form: Form, plan: HarmonicPlan, fifthShare: Double, delay: Double, random: inout SeededRandom) -> [NoteEvent] {
        let tonic = plan.scale.tonicMIDI(near: 45)
        var notes: [NoteEvent] = []
        for section in form.sections {
            let start = section.startBar == 0 ? delay : form.time(ofBar: section.startBar)
            let length = form.time(ofBar: section.endBar) - start + 0.5
            let velocity = Float(0.5 + section.energy * 0.3)
            notes.append(NoteEvent(start: start, duration: length, pitch: tonic, velocity: velocity))
            if section.kind != .intro && section.kind != .outro && random.chance(fifthShare) {
                notes.append(NoteEvent(start: start, duration: length, pitch: tonic + 7, velocity: velocity * 0.6))
            }
        }
        if !form.isContinuous { notes.append(NoteEvent(start: form.finalChordTime, duration: 12, pitch: tonic, velocity: 0.6)) }
        return notes
    }

    /// The pad's level follows the states' energy, gliding between them over a bar or two, with a
    /// swell in and out at the ends of a whole piece.
    private func energyRide(form: Form, floor: Float) -> [GainPoint] {
        guard !form.isContinuous else { return [] }
        var points = [GainPoint(time: 0, gain: floor)]
        for section in form.sections.dropFirst() {
            points.append(GainPoint(time: form.time(ofBar: section.startBar), gain: Float(0.55 + section.energy * 0.5)))
        }
        points.append(GainPoint(time: form.finalChordTime, gain: floor))
        return points
    }

    /// The wind rises and falls at irregular times: a breakpoint every 6–20 s at a level between
    /// a third and all of its full level.
    private func airRide(form: Form, duration: Double, random: inout SeededRandom) -> [GainPoint] {
        // A focus segment's texture sounds in both segments across a crossfade: it stays level.
        guard !form.isContinuous else { return [] }
        var points = [GainPoint(time: 0, gain: 0.3)]
        var time = 0.0
        while time < duration {
            time += random.uniform(6...20)
            points.append(GainPoint(time: time, gain: Float(random.uniform(0.35...1))))
        }
        return points
    }
}
