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
        let form = plannedForm ?? Form.plan(duration: duration, tempo: interpretation.bpm, tail: max(2.5, 60 / interpretation.bpm * 3))
        let tables = key.mode == .major ? Progressions.jazzyMajor : Progressions.jazzyMinor
        let verse = Progressions.pick(tables, &random)
        let chorus = Progressions.pick(key.mode == .major ? Progressions.majorChorus : Progressions.minorChorus, &random)
        let plan = HarmonicPlan(form: form, scale: scale, verse: verse, chorus: chorus, barsPerChord: 1,
                                extensions: interpretation.extendedChords ? 2 : 1)
        let energy = interpretation.energy
        let swing = random.uniform(0.1...0.2)
        let groove = DrumFeel.groove(Groove(form: form, swing: swing, timingJitter: 0.005, velocityJitter: 0.06),
                                     ratio: interpretation.swingRatio)
        let dusty = interpretation.timbres.contains("dusty")

        var parts: [Part] = []
        let drumsWanted = !interpretation.excludes("drums")
        if drumsWanted {
            var drumRandom = root.derived("lofi.drums")
            let notes = drums(form: form, groove: groove, energy: energy, random: &drumRandom)
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
                              notes: bass(form: form, plan: plan, groove: groove, random: &bassRandom),
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
        parts.append(Part(name: "keys", stem: .harmony, instrument: keysInstrument,
                          notes: comping(form: form, plan: plan, groove: groove, random: &keysRandom),
                          gain: 1.0, pan: -0.15, reverbSend: 0.35,
                          compression: PartCompression(thresholdDB: -12, ratio: 3, attack: 0.003, release: 0.12),
                          halfRate: true))
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
                          notes: melody(form: form, plan: plan, groove: groove, random: &melodyRandom),
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

    // MARK: - Drums

    private func drums(form: Form, groove: Groove, energy: Double, random: inout SeededRandom) -> [NoteEvent] {
        let kickPatterns: [[Int]] = [[0, 10], [0, 7, 10], [0, 3, 10], [0, 8, 10], [0, 6, 10, 11]]
        let mainKick = kickPatterns[random.index(kickPatterns.count)]
        let altKick = kickPatterns[random.index(kickPatterns.count)]
        var notes: [NoteEvent] = []
        for section in form.sections {
            for bar in section.startBar..<section.endBar {
                let inPhrase = (bar - section.startBar) % 4
                let lastOfPhrase = inPhrase == 3
                let busy = section.energy * (0.5 + energy)
                var kick = section.kind == .breakdown || section.kind == .intro && bar - section.startBar < section.bars / 2
                    ? [] : DrumFeel.kicks(lastOfPhrase ? altKick : mainKick, interpretation.feel)
                var snare = section.kind == .breakdown || section.kind == .intro ? [] : DrumFeel.backbeat([4, 12], interpretation.feel)
                if section.kind == .outro && bar >= section.endBar - 2 { kick = []; snare = [] }
                let fill = lastOfPhrase && section.kind != .intro && section.kind != .outro && random.chance(0.45)
                if fill { snare = [4, 12, 14, 15]; kick = kick.filter { $0 < 12 } }
                for step in kick {
                    notes.append(groove.note(bar: bar, sixteenth: Double(step), lengthSixteenths: 2, pitch: StyleTools.Drum.kick,
                                             velocity: step == 0 ? 0.92 : 0.78, random: &random))
                }
                for step in snare {
                    let v = step >= 14 ? 0.45 + Double(step - 14) * 0.15 : 0.82
                    notes.append(groove.note(bar: bar, sixteenth: Double(step), lengthSixteenths: 2, pitch: StyleTools.Drum.snare,
                                             velocity: v, random: &random))
                }
                if !snare.isEmpty && random.chance(0.35 * busy) {
                    notes.append(groove.note(bar: bar, sixteenth: random.chance(0.5) ? 7 : 15, lengthSixteenths: 1,
                                             pitch: StyleTools.Drum.snare, velocity: 0.22, random: &random))
                }
                // Hats: swung eighths, with 16th pickups when the section is busy.
                let hatsOn = section.kind != .outro || bar < section.endBar - 1
                if hatsOn {
                    for step in DrumFeel.hats(Array(stride(from: 0, to: 16, by: 2)), interpretation.feel) {
                        let accent = step % 4 == 0 ? 0.55 : 0.3
                        let open = step == 14 && lastOfPhrase && section.kind != .breakdown
                        notes.append(groove.note(bar: bar, sixteenth: Double(step), lengthSixteenths: open ? 2 : 1,
                                                 pitch: open ? StyleTools.Drum.openHat : StyleTools.Drum.closedHat,
                                                 velocity: accent * (section.kind == .intro ? 0.8 : 1), random: &random))
                        if random.chance(0.25 * busy) {
                            notes.append(groove.note(bar: bar, sixteenth: Double(step + 1), lengthSixteenths: 1,
                                                     pitch: StyleTools.Drum.closedHat, velocity: 0.22, random: &random))
                        }
                    }
                }
            }
        }
        return notes
    }

    // MARK: - Bass

    private func bass(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let center = 38
        for section in form.sections where section.kind != .intro || section.bars > 4 {
            let startBar = section.kind == .intro ? section.startBar + section.bars / 2 : section.startBar
            for bar in startBar..<section.endBar {
                let chord = plan.chord(atBar: bar)
                let rootNote = StyleTools.nearest(chord.root, to: center)
                if section.kind == .breakdown || section.kind == .outro && bar >= section.endBar - 1 {
                    notes.append(groove.note(bar: bar, sixteenth: 0, lengthSixteenths: 15, pitch: rootNote, velocity: 0.7, random: &random))
                    continue
                }
                notes.append(groove.note(bar: bar, sixteenth: 0, lengthSixteenths: 6, pitch: rootNote, velocity: 0.85, random: &random))
                let fifth = StyleTools.nearest(chord.tones[2], to: rootNote + 7)
                let second = random.chance(0.25) ? fifth : rootNote + 12
                notes.append(groove.note(bar: bar, sixteenth: 7, lengthSixteenths: 3, pitch: second, velocity: 0.6, random: &random))
                notes.append(groove.note(bar: bar, sixteenth: 10, lengthSixteenths: 3, pitch: rootNote, velocity: 0.72, random: &random))
                // Walk to the next root: a scale step above or below it.
                let next = StyleTools.nearest(plan.nextChord(afterBar: bar).root, to: center)
                if next != rootNote && random.chance(0.7) {
                    let approach = next + (next > rootNote ? -1 : 2)
                    let pc = ((approach % 12) + 12) % 12
                    let pitch = plan.scale.contains(pitchClass: pc) ? approach : next - 1
                    notes.append(groove.note(bar: bar, sixteenth: 14, lengthSixteenths: 2, pitch: pitch, velocity: 0.6, random: &random))
                }
            }
        }
        let finalRoot = StyleTools.nearest(plan.finalChord.root, to: center)
        notes.append(NoteEvent(start: form.finalChordTime, duration: form.barDuration * 1.5, pitch: finalRoot, velocity: 0.8))
        return notes
    }

    // MARK: - Keys

    private func comping(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int]?
        let rhythms: [[(Int, Int)]] = [[(0, 10), (10, 6)], [(0, 6), (6, 4), (12, 4)], [(0, 14)], [(0, 7), (8, 8)], [(2, 6), (10, 6)]]
        let mainRhythm = rhythms[random.index(rhythms.count)]
        for section in form.sections {
            for bar in section.startBar..<section.endBar {
                let chord = plan.chord(atBar: bar)
                // Rootless voicings (the bass has the root) except on the tonic, which keeps its root
                // so that home sounds like home.
                let tones = chord.degree % 7 == 0 ? chord.tones : Array(chord.tones.dropFirst())
                let voicing = Voicing.voice(tones, count: interpretation.extendedChords ? 5 : 4, center: 62, previous: previous)
                previous = voicing
                let sparse = section.kind == .intro || section.kind == .breakdown || section.kind == .outro
                let rhythm = sparse ? [(0, 15)] : (random.chance(0.25) ? rhythms[random.index(rhythms.count)] : mainRhythm)
                for (onset, length) in rhythm {
                    let velocity = (onset == 0 ? 0.58 : 0.48) * (sparse ? 0.85 : 1) + section.energy * 0.1
                    // A slight roll: lower notes first, as a player's hand lands.
                    for (index, pitch) in voicing.enumerated() {
                        var n = groove.note(bar: bar, sixteenth: Double(onset), lengthSixteenths: Double(length) * 0.95,
                                            pitch: pitch, velocity: velocity - Double(index) * 0.02, random: &random)
                        n.start += Double(index) * 0.012
                        notes.append(n)
                    }
                }
            }
        }
        let final = Voicing.voice(plan.finalChord.tones, count: interpretation.extendedChords ? 5 : 4, center: 62, previous: previous)
        for (index, pitch) in final.enumerated() {
            notes.append(NoteEvent(start: form.finalChordTime + Double(index) * 0.03, duration: 6, pitch: pitch, velocity: 0.5))
        }
        return notes
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

    private func melody(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        let writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 72), range: 64...86)
        let verseMotif = Motif.make(bars: 2, density: 0.35 + interpretation.energy * 0.2, random: &random)
        let chorusMotif = Motif.make(bars: 2, density: 0.5 + interpretation.energy * 0.2, random: &random, range: 0...8)
        var notes: [NoteEvent] = []
        for section in form.sections {
            guard StyleTools.melodyDensity(section.kind) != nil else { continue }
            var bar = section.startBar
            var phrase = 0
            while bar + 2 <= section.endBar {
                var motif = section.kind == .chorus ? chorusMotif : verseMotif
                if section.kind == .breakdown || section.kind == .outro { motif = motif.fragment(0.5) }
                if phrase % 2 == 1 { motif = random.chance(0.5) ? motif.ornamented(&random) : motif.inverted() }
                if section.cycle > 0 && section.kind == .verse { motif = motif.ornamented(&random) }
                // Verses, the finale and the outro close on the tonic; choruses end open.
                if bar + 2 == section.endBar && section.kind != .chorus && section.kind != .breakdown { motif = motif.cadencing(on: 0) }
                let anchor = section.kind == .chorus ? 2 : 0
                let velocity = 0.5 + section.energy * 0.2
                notes += writer.write(motif, bar: bar, anchor: anchor, velocity: velocity, groove: groove, random: &random)
                bar += 2
                phrase += 1
            }
        }
        return notes
    }
}
