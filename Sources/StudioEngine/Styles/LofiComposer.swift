import StudioCore

/// Late-night lofi hip-hop: a swung boom-bap kit, a round bass that walks to each chord, jazzy
/// seventh and ninth chords on an electric piano, a soft lead that states and develops one motif,
/// and vinyl crackle under everything.
struct LofiComposer: Sendable {
    let interpretation: PromptInterpretation
    let seed: UInt64
    /// The sections to compose instead of planning them from the duration: a focus segment's.
    var plannedForm: Form? = nil

    func compose(duration: Double) -> Score {
        let root = SeededRandom(seed: seed)
        var random = root.derived("lofi.structure")
        let key = interpretation.key
        let scale = Scale(key: key)
        let form = plannedForm ?? Self.plan(duration: duration, interpretation: interpretation, random: &random)
        let spacious = StyleTools.wantsSpace(interpretation)
        let plan = harmony(form: form, scale: scale, spacious: spacious, random: &random)
        let arrangement = LofiArrangement(form: form, spacious: spacious, random: &random)
        let energy = interpretation.energy
        let swing = random.uniform(0.1...0.2)
        let groove = DrumFeel.groove(Groove(form: form, swing: swing, timingJitter: 0.005, velocityJitter: 0.06),
                                     ratio: interpretation.swingRatio)
        let dusty = interpretation.timbres.contains("dusty")

        var parts: [Part] = []
        let drumsWanted = !interpretation.excludes("drums")
        if drumsWanted {
            var drumRandom = root.derived("lofi.drums")
            let notes = LofiDrums(form: form, groove: groove, feel: interpretation.feel, arrangement: arrangement, energy: energy)
                .notes(random: &drumRandom)
            // The sampled jazz kit through a dark low-pass: the "dusty" sound of a sampled break.
            let kit: any Instrument = SoundFontLibrary.drumKit(GeneralMIDI.jazzKit) ?? DrumKit(character: .dusty, tonic: key.tonic)
            parts.append(Part(name: "drums", stem: .drums, instrument: kit,
                              notes: notes, gain: 4.6, reverbSend: 0.1,
                              compression: PartCompression(thresholdDB: -9, ratio: 4, attack: 0.001, release: 0.06),
                              filter: PartFilter(mode: .lowpass, cutoff: dusty ? 4200 : 6500, resonance: 0.7), halfRate: true))
        }
        if !interpretation.excludes("bass") {
            var bassRandom = root.derived("lofi.bass")
            parts.append(Part(name: "bass", stem: .bass, instrument: SoundFontLibrary.melodic(GeneralMIDI.fingeredBass)
                                ?? BassSynth(character: .round, brightness: 0.35),
                              notes: bass(form: form, plan: plan, groove: groove, arrangement: arrangement, random: &bassRandom),
                              gain: 0.9, reverbSend: 0.02, halfRate: true))
        }
        var keysRandom = root.derived("lofi.keys")
        let usePiano = interpretation.wants("piano") && !interpretation.wants("electric piano")
        let keysInstrument: any Instrument
        if usePiano {
            keysInstrument = SoundFontLibrary.melodic(GeneralMIDI.grandPiano)
                ?? AcousticPiano(brightness: Float(0.35 + interpretation.brightness * 0.3))
        } else {
            keysInstrument = SoundFontLibrary.melodic(GeneralMIDI.electricPiano)
                ?? ElectricPiano(brightness: Float(0.3 + interpretation.brightness * 0.4))
        }
        let keys = comping(form: form, plan: plan, groove: groove, arrangement: arrangement, random: &keysRandom)
        parts.append(Part(name: "keys", stem: .harmony, instrument: keysInstrument,
                          notes: keys.open,
                          gain: 1.0, pan: -0.15, reverbSend: 0.35,
                          compression: PartCompression(thresholdDB: -12, ratio: 3, attack: 0.003, release: 0.12),
                          halfRate: true))
        if !keys.filtered.isEmpty {
            // The filtered sections: the same keys through a low-pass, a little louder to make up
            // for what the filter takes, as a producer rides a filter sweep.
            parts.append(Part(name: "keys (filtered)", stem: .harmony, instrument: keysInstrument,
                              notes: keys.filtered, gain: 1.5, pan: -0.15, reverbSend: 0.3,
                              compression: PartCompression(thresholdDB: -12, ratio: 3, attack: 0.003, release: 0.12),
                              filter: PartFilter(mode: .lowpass, cutoff: 750, resonance: 0.9), halfRate: true))
        }
        if interpretation.wants("pads") {
            let pad = Pad(character: .warm, brightness: Float(interpretation.brightness * 0.6))
            parts.append(Part(name: "pad", stem: .harmony, instrument: pad,
                              notes: sustainedChords(form: form, plan: plan), gain: 0.7, pan: 0.1, reverbSend: 0.45,
                              filter: pad.sharedFilter, halfRate: true))
        }
        var melodyRandom = root.derived("lofi.melody")
        let lead: any Instrument = interpretation.wants("bells")
            ? Bells(brightness: Float(interpretation.brightness))
            : Lead(character: .soft, brightness: Float(0.25 + interpretation.brightness * 0.4))
        parts.append(Part(name: "melody", stem: .melody, instrument: lead,
                          notes: melody(form: form, plan: plan, groove: groove, arrangement: arrangement, random: &melodyRandom),
                          gain: 1.05, pan: 0.2, reverbSend: 0.4, delaySend: 0.2, halfRate: !interpretation.wants("bells")))
        if !interpretation.excludes("vinyl") {
            parts.append(Part(name: "vinyl", stem: .texture, instrument: Texture(kind: .vinyl, seed: UInt32(truncatingIfNeeded: seed)),
                              notes: [NoteEvent(start: 0, duration: duration, pitch: 60, velocity: dusty ? 0.8 : 0.5)],
                              gain: dusty ? 2.6 : 1.5, reverbSend: 0,
                              halfRate: true))
        }
        if interpretation.wants("rain") {
            parts.append(Part(name: "rain", stem: .texture, instrument: Texture(kind: .rain, seed: UInt32(truncatingIfNeeded: seed &+ 1)),
                              notes: [NoteEvent(start: 0, duration: duration, pitch: 60, velocity: 0.5)], gain: 1.4, reverbSend: 0.1,
                              halfRate: true))
        }
        let space = SpaceSettings(reverbSeconds: Float(1.2 + interpretation.space * 1.6), reverbDamping: 0.6,
                                  delaySeconds: Float(form.beatDuration * 0.75), delayFeedback: 0.35,
                                  reverbReturn: 2)
        return Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                     fadeIn: 0.05, fadeOut: min(4, duration * 0.12))
    }

    // MARK: - Form and harmony

    /// A beat tape's plan: a seeded walk through loops (verse and chorus), breaks (breakdowns)
    /// and returns, in the prompt's metre.
    static func plan(duration: Double, interpretation: PromptInterpretation, random: inout SeededRandom) -> Form {
        let fallback = Form.plan(duration: duration, tempo: interpretation.bpm, tail: max(2.5, 60 / interpretation.bpm * 3),
                                 beatsPerBar: interpretation.beatsPerBar, beatUnit: interpretation.beatUnit)
        let walk = SectionWalk(next: [.intro: [(.verse, 1)], .verse: [(.chorus, 0.5), (.verse, 0.2), (.breakdown, 0.3)],
                                      .chorus: [(.verse, 0.5), (.breakdown, 0.35), (.chorus, 0.15)],
                                      .breakdown: [(.verse, 0.5), (.chorus, 0.5)]],
                               phrases: [.verse: 1...2, .chorus: 1...2, .breakdown: 1...1])
        guard let sections = walk.sections(bars: fallback.totalBars, random: &random) else { return fallback }
        return fallback.with(sections: sections)
    }

    /// Jazz-coloured loops from the colour vocabulary (every chord at least a seventh), a chord a
    /// bar or a chord every two bars as the seed (or a spacious prompt) decides.
    private func harmony(form: Form, scale: Scale, spacious: Bool, random: inout SeededRandom) -> HarmonicPlan {
        let minor = scale.key.mode == .minor
        func sevenths(_ table: [[ColourHarmony.Symbol]]) -> [ColourHarmony.Symbol] {
            table[random.index(table.count)].map { symbol in
                var coloured = symbol
                if coloured.colour == .triad { coloured.colour = .seventh }
                return coloured
            }
        }
        let verse = sevenths(minor ? ColourHarmony.minor : ColourHarmony.major)
        let chorus = sevenths(minor ? ColourHarmony.minorAway : ColourHarmony.majorAway)
        let rhythm = spacious || random.chance(0.5) ? 2 : 1
        return ColourHarmony.plan(
            form: form, scale: scale,
            progressions: [.intro: ColourHarmony.homeVamp, .verse: verse, .chorus: chorus, .breakdown: chorus, .finale: verse, .outro: verse],
            barsPerChord: [.intro: rhythm, .verse: rhythm, .chorus: rhythm, .breakdown: 2, .finale: rhythm, .outro: 2],
            extended: interpretation.extendedChords)
    }

    // MARK: - Bass

    private func bass(form: Form, plan: HarmonicPlan, groove: Groove, arrangement: LofiArrangement,
                      random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let center = 38
        let barLength = form.sixteenthsPerBar
        // The second and third notes of the bar: the and-of-two and beat three in 4/4; beat
        // three in 3/4; the second dotted beat in 6/8.
        let (second, third) = barLength == 16 ? (7, 10) : form.beatUnit == 8 ? (6, 9) : (6, 8)
        for section in form.sections where arrangement.parts(of: section, in: form).bass {
            let breaking = section.kind == .breakdown || section.kind == .intro
            for bar in section.startBar..<section.endBar {
                let chord = plan.chord(atBar: bar)
                let rootNote = StyleTools.nearest(chord.bassTone, to: center)
                if breaking || section.kind == .outro && bar >= section.endBar - 1 {
                    notes.append(groove.note(bar: bar, sixteenth: 0, lengthSixteenths: Double(barLength - 1), pitch: rootNote,
                                             velocity: 0.7, random: &random))
                    continue
                }
                notes.append(groove.note(bar: bar, sixteenth: 0, lengthSixteenths: 6, pitch: rootNote, velocity: 0.85, random: &random))
                let fifth = StyleTools.nearest(chord.tones[2], to: rootNote + 7)
                let upper = random.chance(0.25) ? fifth : rootNote + 12
                notes.append(groove.note(bar: bar, sixteenth: Double(second), lengthSixteenths: 3, pitch: upper, velocity: 0.6, random: &random))
                notes.append(groove.note(bar: bar, sixteenth: Double(third), lengthSixteenths: 3, pitch: rootNote, velocity: 0.72, random: &random))
                // Walk to the next root: a scale step above or below it.
                let next = StyleTools.nearest(plan.nextChord(afterBar: bar).bassTone, to: center)
                if next != rootNote && random.chance(0.7) {
                    let approach = next + (next > rootNote ? -1 : 2)
                    let pc = ((approach % 12) + 12) % 12
                    let pitch = plan.scale.contains(pitchClass: pc) ? approach : next - 1
                    notes.append(groove.note(bar: bar, sixteenth: Double(barLength - 2), lengthSixteenths: 2, pitch: pitch,
                                             velocity: 0.6, random: &random))
                }
            }
        }
        let finalRoot = StyleTools.nearest(plan.finalChord.root, to: center)
        notes.append(NoteEvent(start: form.finalChordTime, duration: form.barDuration * 1.5, pitch: finalRoot, velocity: 0.8))
        return notes
    }

    // MARK: - Keys

    /// The comping, split into what plays open and what plays through the filter.
    private func comping(form: Form, plan: HarmonicPlan, groove: Groove, arrangement: LofiArrangement,
                         random: inout SeededRandom) -> (open: [NoteEvent], filtered: [NoteEvent]) {
        var open: [NoteEvent] = [], filtered: [NoteEvent] = []
        var previous: [Int]?
        let rhythms: [[(Int, Int)]] = form.sixteenthsPerBar == 16
            ? [[(0, 10), (10, 6)], [(0, 6), (6, 4), (12, 4)], [(0, 14)], [(0, 7), (8, 8)], [(2, 6), (10, 6)]]
            : form.beatUnit == 8 ? [[(0, 6), (6, 6)], [(0, 11)], [(0, 4), (6, 5)], [(3, 3), (6, 6)]]
            : [[(0, 8), (8, 4)], [(0, 11)], [(4, 4), (8, 4)], [(0, 4), (6, 6)]]
        let mainRhythm = rhythms[random.index(rhythms.count)]
        let answerRhythm = rhythms[random.index(rhythms.count)]
        for section in form.sections {
            let parts = arrangement.parts(of: section, in: form)
            for bar in section.startBar..<section.endBar {
                let chord = plan.chord(atBar: bar)
                // Rootless voicings (the bass has the root) except on the tonic, which keeps its root
                // so that home sounds like home.
                let tones = chord.degree % 7 == 0 ? chord.tones : Array(chord.tones.dropFirst())
                let voicing = Voicing.voice(tones, count: interpretation.extendedChords ? 5 : 4, center: 62, previous: previous)
                previous = voicing
                let sparse = section.kind == .intro || section.kind == .breakdown || section.kind == .outro
                let inPhrase = (bar - section.startBar) % 4
                let rhythm = sparse ? [(0, form.sixteenthsPerBar - 1)]
                    : inPhrase == 3 ? answerRhythm : (random.chance(0.25) ? rhythms[random.index(rhythms.count)] : mainRhythm)
                for (onset, length) in rhythm {
                    let velocity = (onset == 0 ? 0.58 : 0.48) * (sparse ? 0.85 : 1) + section.energy * 0.1
                    // A slight roll: lower notes first, as a player's hand lands.
                    for (index, pitch) in voicing.enumerated() {
                        var n = groove.note(bar: bar, sixteenth: Double(onset), lengthSixteenths: Double(length) * 0.95,
                                            pitch: pitch, velocity: velocity - Double(index) * 0.02, random: &random)
                        n.start += Double(index) * 0.012
                        if parts.filtered { filtered.append(n) } else { open.append(n) }
                    }
                }
            }
        }
        let final = Voicing.voice(plan.finalChord.tones, count: interpretation.extendedChords ? 5 : 4, center: 62, previous: previous)
        for (index, pitch) in final.enumerated() {
            open.append(NoteEvent(start: form.finalChordTime + Double(index) * 0.03, duration: 6, pitch: pitch, velocity: 0.5))
        }
        return (open, filtered)
    }

    private func sustainedChords(form: Form, plan: HarmonicPlan) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int]?
        for span in plan.spans {
            let voicing = Voicing.voice(Array(span.chord.tones.prefix(4)), count: 4, center: 57, previous: previous)
            previous = voicing
            for pitch in voicing {
                notes.append(NoteEvent(start: form.time(ofBar: span.startBar), duration: Double(span.bars) * form.barDuration,
                                       pitch: pitch, velocity: 0.5))
            }
        }
        return notes
    }

    // MARK: - Melody

    /// The lead: a motif stated, varied and answered in two-bar units, only in the sections the
    /// arrangement gives it, resting in the fourth unit of a long section, laid back like the snare.
    private func melody(form: Form, plan: HarmonicPlan, groove: Groove, arrangement: LofiArrangement,
                        random: inout SeededRandom) -> [NoteEvent] {
        var writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 72), range: 64...86)
        writer.avoidsRepeats = true
        let barLength = form.sixteenthsPerBar
        let verseMotif = Motif.make(bars: 2, density: 0.35 + interpretation.energy * 0.2, random: &random, barLength: barLength)
        let answer = Motif.make(bars: 2, density: 0.3 + interpretation.energy * 0.2, random: &random, range: -2...5, barLength: barLength)
        let chorusMotif = Motif.make(bars: 2, density: 0.5 + interpretation.energy * 0.2, random: &random, range: 0...8, barLength: barLength)
        var notes: [NoteEvent] = []
        var last: Int?
        for section in form.sections where arrangement.parts(of: section, in: form).melody {
            guard StyleTools.melodyDensity(section.kind) != nil else { continue }
            var bar = section.startBar
            var unit = 0
            while bar + 2 <= section.endBar {
                defer { bar += 2; unit += 1 }
                let closing = bar + 2 == section.endBar
                if unit % 4 == 3 && !closing { continue }
                // A spacious piece sings every other unit only: call, rest, call.
                if StyleTools.wantsSpace(interpretation) && unit % 2 == 1 { continue }
                var motif = section.kind == .chorus ? chorusMotif : verseMotif
                if unit % 4 == 2 && section.kind != .chorus { motif = answer }
                if section.kind == .breakdown || section.kind == .outro { motif = motif.fragment(0.5) }
                if unit % 2 == 1 { motif = random.chance(0.5) ? motif.ornamented(&random) : motif.inverted() }
                if section.cycle > 0 && section.kind == .verse { motif = motif.ornamented(&random) }
                // Verses, the finale and the outro close on the tonic; choruses end open.
                if closing && section.kind != .chorus && section.kind != .breakdown { motif = motif.cadencing(on: 0) }
                let anchor = section.kind == .chorus ? 2 : 0
                let velocity = 0.5 + section.energy * 0.2
                let phrase = writer.write(motif, bar: bar, anchor: anchor, velocity: velocity, groove: groove, random: &random, after: last)
                last = phrase.last?.pitch
                notes += phrase.map { var laidBack = $0; laidBack.start += 0.012; return laidBack }
            }
        }
        return notes
    }
}
