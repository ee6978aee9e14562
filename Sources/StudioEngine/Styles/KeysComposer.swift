import StudioCore

/// Solo piano, played as a pianist would: a song, nocturne or waltz form (the seed and the
/// metre choose), coloured harmony (sevenths, suspensions, inversions, secondary dominants), a
/// left hand whose figures change with the section and the phrase, a right-hand melody that
/// states a motif, varies it, answers it and climbs to a climax, phrase-shaped dynamics with the
/// melody over the accompaniment, the sustain pedal changing with the harmony, and rubato: the
/// tempo broadens into cadences and presses through builds.
struct KeysComposer: Sendable {
    let interpretation: PromptInterpretation
    let seed: UInt64
    /// The sections to compose instead of planning them from the duration: a focus segment's.
    var plannedForm: Form? = nil

    func compose(duration: Double) -> Score {
        let root = SeededRandom(seed: seed)
        // The words the prompt was understood by choose the piece as the seed does: two prompts
        // with one seed are two pieces, not one arrangement played in two moods. A focus
        // segment's structure is its stream's plan, which already holds the prompt.
        var random = root.derived(plannedForm == nil ? "keys.structure " + interpretation.usedWordsKey : "keys.structure")
        let key = interpretation.key
        let scale = Scale(key: key)
        let triple = interpretation.beatsPerBar != 4
        let shape = KeysForm.choose(triple: triple, random: &random)
        // The tail holds the final chord and the time the rubato's broadenings borrow.
        let slack = duration * 0.025
        let form = plannedForm ?? shape.plan(duration: duration, tempo: interpretation.bpm, tail: max(3.5, 60 / interpretation.bpm * 4) + slack,
                                             beatsPerBar: interpretation.beatsPerBar, beatUnit: interpretation.beatUnit, random: &random)
        let plan = harmony(form: form, scale: scale, shape: shape, random: &random)
        let spacious = StyleTools.wantsSpace(interpretation)
        // The left hand keeps close time; the melody breathes more freely over it.
        let leftGroove = Groove(form: form, swing: 0, timingJitter: 0.008, velocityJitter: 0.04)
        // A focus segment's melody keeps closer time: it must meet the next segment's grid.
        let rightGroove = Groove(form: form, swing: 0, timingJitter: form.isContinuous ? 0.008 : 0.014, velocityJitter: 0.05)
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
        let pedal = pedalling(form: form, plan: plan)
        var left = KeysLeftHand(form: form, plan: plan, groove: leftGroove)
            .notes(wide: shape == .nocturne, thin: spacious, random: &lhRandom)
        left += finalChord(form: form, plan: plan)
        var right = KeysMelody(form: form, plan: plan, groove: rightGroove, energy: interpretation.energy, spacious: spacious)
            .notes(random: &rhRandom)
        right.append(NoteEvent(start: form.finalChordTime + 0.25, duration: 5,
                               pitch: StyleTools.nearest(plan.finalChord.root, to: 72), velocity: 0.5))
        left = Self.held(left, by: pedal)
        right = Self.held(right, by: pedal)
        var parts = [
            Part(name: "left hand", stem: .harmony, instrument: piano, notes: left, gain: 0.6, pan: -0.12, reverbSend: 0.22),
            Part(name: "right hand", stem: .melody, instrument: melodyPiano, notes: right, gain: 0.62, pan: 0.12, reverbSend: 0.22),
        ]
        for index in parts.indices { parts[index].pedal = pedal }
        let space = SpaceSettings(reverbSeconds: Float(1.8 + interpretation.space * 1.5), reverbDamping: 0.55,
                                  preDelay: 0.018, delaySeconds: Float(form.beatDuration), delayFeedback: 0.2)
        var score = Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                          fadeIn: 0.02, fadeOut: min(4, duration * 0.12))
        Rubato.apply(Rubato.plan(form: form, depth: spacious ? 0.7 : 1), to: &score, slack: slack)
        return score
    }

    /// Progressions per section from the colour vocabulary, and the harmonic rhythm of the form:
    /// a chord a bar in a song's verses and choruses, two in a nocturne's or waltz's strains,
    /// two wherever the piece rests.
    private func harmony(form: Form, scale: Scale, shape: KeysForm, random: inout SeededRandom) -> HarmonicPlan {
        let minor = scale.key.mode == .minor
        // A pianist colours the chords away from home: sevenths on ii, iii and vi, an added ninth on IV.
        func coloured(_ table: [[ColourHarmony.Symbol]]) -> [[ColourHarmony.Symbol]] {
            table.map { progression in
                progression.map { symbol in
                    guard symbol.colour == .triad else { return symbol }
                    var richer = symbol
                    switch symbol.degree % 7 {
                    case 1, 2, 5: richer.colour = .seventh
                    case 3: richer.colour = .add9
                    default: break
                    }
                    return richer
                }
            }
        }
        let home = coloured(minor ? ColourHarmony.minor : ColourHarmony.major)
        let away = coloured(minor ? ColourHarmony.minorAway : ColourHarmony.majorAway)
        // The closing strain returns with a different progression from the opening one.
        let first = random.index(home.count)
        let verse = home[first], ending = home[(first + 1 + random.index(home.count - 1)) % home.count]
        let chorus = away[random.index(away.count)]
        let vamp = [ColourHarmony.Symbol(degree: 0, colour: .add9), ColourHarmony.Symbol(degree: 3, colour: minor ? .seventh : .add9)]
        let strain = shape == .song ? 1 : (random.chance(0.7) ? 2 : 1)
        return ColourHarmony.plan(
            form: form, scale: scale,
            progressions: [.intro: vamp, .verse: verse, .chorus: chorus, .breakdown: chorus, .finale: ending, .outro: verse],
            barsPerChord: [.intro: 2, .verse: strain, .chorus: shape == .waltz ? 2 : 1, .breakdown: 2, .finale: strain, .outro: 2],
            extended: interpretation.extendedChords)
    }

    /// Pedal down just after each chord arrives, up just before the next: the legato pedalling
    /// that joins one harmony's notes and clears them for the next.
    private func pedalling(form: Form, plan: HarmonicPlan) -> [Range<Double>] {
        var downs: [Range<Double>] = []
        for span in plan.spans {
            // Long chords are pedalled a bar at a time, so that melody notes do not pile up.
            for bar in span.startBar..<(span.startBar + span.bars) {
                let start = form.time(ofBar: bar) + 0.06
                let end = form.time(ofBar: bar + 1) - 0.015
                if end > start { downs.append(start..<end) }
            }
        }
        let last = form.finalChordTime
        downs.append(last + 0.1..<(last + 6))
        return downs
    }

    /// Notes caught by the pedal ring until it comes up (the renderer plays what the score
    /// says; the MIDI file carries both the lengths and the pedal).
    static func held(_ notes: [NoteEvent], by pedal: [Range<Double>]) -> [NoteEvent] {
        notes.map { note in
            guard let down = pedal.first(where: { $0.contains(note.start) || ($0.lowerBound > note.start && $0.lowerBound < note.start + note.duration) })
            else { return note }
            var held = note
            held.duration = max(note.duration, down.upperBound - note.start)
            return held
        }
    }

    private func finalChord(form: Form, plan: HarmonicPlan) -> [NoteEvent] {
        let tonic = StyleTools.nearest(plan.finalChord.root, to: 43)
        return [tonic - 12, tonic, tonic + 7, tonic + 12].enumerated().map { i, p in
            NoteEvent(start: form.finalChordTime + Double(i) * 0.06, duration: 5, pitch: p, velocity: 0.5)
        }
    }
}
