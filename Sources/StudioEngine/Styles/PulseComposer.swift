import StudioCore

/// Electronic, four-on-the-floor: kick on every beat, claps on two and four, off-beat hats, an
/// off-beat synth bass pumped by the kick, wide pad chords, a 16th-note arpeggio, and a lead that
/// arrives in the chorus. Breakdowns drop the kick and build back with a snare roll.
struct PulseComposer: Sendable {
    let interpretation: PromptInterpretation
    let seed: UInt64
    /// The sections to compose instead of planning them from the duration: a focus segment's.
    var plannedForm: Form? = nil

    func compose(duration: Double) -> Score {
        let root = SeededRandom(seed: seed)
        var random = root.derived("pulse.structure")
        let key = interpretation.key
        let scale = Scale(key: key)
        let form = plannedForm ?? Form.plan(duration: duration, tempo: interpretation.bpm, tail: max(2.5, 60 / interpretation.bpm * 4))
        let table = key.mode == .major ? Progressions.major : Progressions.minor
        let verse = Progressions.pick(table, &random)
        let chorus = Progressions.pick(key.mode == .major ? Progressions.majorChorus : Progressions.minorChorus, &random)
        let subgenre = PulseSubgenre.named(interpretation.subgenre)
        let plan = HarmonicPlan(form: form, scale: scale, verse: verse, chorus: chorus, barsPerChord: subgenre.barsPerChord,
                                extensions: interpretation.extendedChords ? 2 : 0)
        let groove = DrumFeel.groove(Groove(form: form, swing: subgenre.swing, timingJitter: 0.0015, velocityJitter: 0.03),
                                     ratio: interpretation.swingRatio)
        let energy = interpretation.energy
        let bright = Float(interpretation.brightness)

        var parts: [Part] = []
        var kicks: [NoteEvent] = []
        if !interpretation.excludes("drums") {
            var drumRandom = root.derived("pulse.drums")
            let notes = drums(form: form, groove: groove, energy: energy, subgenre: subgenre, random: &drumRandom)
            kicks = notes.filter { $0.pitch == StyleTools.Drum.kick }
            parts.append(Part(name: "drums", stem: .drums, instrument: DrumKit(character: .electronic, tonic: key.tonic),
                              notes: notes, gain: 0.95, reverbSend: 0.06,
                              compression: PartCompression(thresholdDB: -6, ratio: 3)))
        }
        let pump = StyleTools.sidechain(kicks: kicks, depth: 0.55, recovery: form.beatDuration * 0.7)
        if !interpretation.excludes("bass") {
            var bassRandom = root.derived("pulse.bass")
            parts.append(Part(name: "bass", stem: .bass, instrument: BassSynth(character: .synth, brightness: 0.3 + bright * 0.4),
                              notes: bass(form: form, plan: plan, groove: groove, rollingEverywhere: subgenre.rollingBass,
                                          random: &bassRandom),
                              gain: 1.5, reverbSend: 0.0, ride: pump, halfRate: true))
        }
        let pad = Pad(character: .bright, brightness: 0.3 + bright * 0.5)
        if subgenre.pad || interpretation.wants("pads") {
            parts.append(Part(name: "pad", stem: .harmony, instrument: pad,
                              notes: pads(form: form, plan: plan, extended: interpretation.extendedChords), gain: 0.95,
                              reverbSend: 0.35, ride: pump, filter: pad.sharedFilter, halfRate: true))
        }
        if !interpretation.excludes("arpeggio") && (subgenre.arpeggio || interpretation.wants("arpeggio")) {
            var arpRandom = root.derived("pulse.arp")
            parts.append(Part(name: "arp", stem: .melody, instrument: Pluck(brightness: 0.4 + bright * 0.4),
                              notes: arpeggio(form: form, plan: plan, groove: groove, random: &arpRandom),
                              gain: 1.2, pan: 0.25, reverbSend: 0.25, delaySend: 0.3, halfRate: true))
        }
        if !interpretation.excludes("lead") && (subgenre.lead || interpretation.wants("lead")) {
            var leadRandom = root.derived("pulse.lead")
            let character: Lead.Character = interpretation.timbres.contains("square") ? .square : .saw
            parts.append(Part(name: "lead", stem: .melody, instrument: Lead(character: character, brightness: 0.35 + bright * 0.4),
                              notes: lead(form: form, plan: plan, groove: groove, random: &leadRandom),
                              gain: 1.2, pan: -0.1, reverbSend: 0.3, delaySend: 0.2, halfRate: true))
        }
        parts.append(Part(name: "sweep", stem: .texture, instrument: Texture(kind: .sweep, seed: UInt32(truncatingIfNeeded: seed)),
                          notes: sweeps(form: form), gain: 2.5, reverbSend: 0.3))
        let space = SpaceSettings(reverbSeconds: Float(1.4 + interpretation.space * 1.8), reverbDamping: 0.45,
                                  delaySeconds: Float(form.beatDuration * 0.75), delayFeedback: 0.4,
                                  reverbReturn: 2.5)
        return Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                     fadeIn: 0.02, fadeOut: min(4, duration * 0.12))
    }

    private func kickPlays(_ section: Form.Section, bar: Int) -> Bool {
        switch section.kind {
        case .breakdown: false
        case .intro: bar >= section.startBar + section.bars / 2 || section.bars <= 4
        case .outro: bar < section.endBar - 1
        default: true
        }
    }

    private func drums(form: Form, groove: Groove, energy: Double, subgenre: PulseSubgenre,
                       random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let D = StyleTools.Drum.self
        let feel = interpretation.feel
        let kickSteps = DrumFeel.kicks(subgenre.kicks, feel)
        let backbeat = DrumFeel.backbeat(subgenre.backbeat, feel)
        let hatSteps = DrumFeel.hats(subgenre.hats, feel)
        for section in form.sections {
            let full = section.kind == .chorus || section.kind == .finale
            for bar in section.startBar..<section.endBar {
                func hit(_ step: Double, _ pitch: Int, _ velocity: Double, length: Double = 2) {
                    notes.append(groove.note(bar: bar, sixteenth: step, lengthSixteenths: length, pitch: pitch,
                                             velocity: velocity, random: &random))
                }
                if bar == section.startBar && full { hit(0, D.crash, 0.7, length: 16) }
                if kickPlays(section, bar: bar) {
                    for step in kickSteps { hit(Double(step), D.kick, step == 0 ? 0.95 : 0.9) }
                }
                let last = bar == section.endBar - 1
                if section.kind == .breakdown && bar >= section.endBar - 2 {
                    // The build: a snare roll that gets denser and louder into the drop.
                    let step = bar == section.endBar - 1 ? 1 : 2
                    for s in stride(from: 0, to: 16, by: step) {
                        hit(Double(s), D.snare, 0.3 + 0.5 * Double(s) / 16 + (last ? 0.15 : 0), length: 1)
                    }
                    continue
                }
                if section.kind != .intro && section.kind != .breakdown && !(section.kind == .outro && last) {
                    for step in backbeat { hit(Double(step), D.clap, step >= 8 ? 0.88 : 0.85) }
                }
                if section.kind != .breakdown || bar % 2 == 1 {
                    for s in hatSteps { hit(Double(s), full ? D.openHat : D.closedHat, full ? 0.5 : 0.55, length: 2) }
                }
                let rolling = subgenre.rollingHats && section.kind != .breakdown && section.kind != .intro
                if feel != .half && (full || rolling || (section.kind == .verse && energy > 0.6)) {
                    for s in stride(from: 0, to: 16, by: 1) where s % 2 == 1 || s % 4 == 0 {
                        hit(Double(s), D.closedHat, s % 4 == 0 ? 0.38 : 0.26, length: 1)
                    }
                }
            }
        }
        return notes
    }

    private func bass(form: Form, plan: HarmonicPlan, groove: Groove, rollingEverywhere: Bool,
                      random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        for section in form.sections where section.kind != .intro || section.bars > 4 {
            let startBar = section.kind == .intro ? section.startBar + section.bars / 2 : section.startBar
            for bar in startBar..<section.endBar {
                let rootNote = StyleTools.nearest(plan.chord(atBar: bar).root, to: 36)
                if section.kind == .breakdown {
                    notes.append(groove.note(bar: bar, sixteenth: 0, lengthSixteenths: 15, pitch: rootNote, velocity: 0.6, random: &random))
                    continue
                }
                let rolling = rollingEverywhere || section.kind == .finale || (section.kind == .chorus && interpretation.energy > 0.55)
                let steps = rolling ? [2, 3, 6, 7, 10, 11, 14, 15] : [2, 6, 10, 14]
                for (index, step) in steps.enumerated() {
                    let octave = !rolling && index == 3 && random.chance(0.3) ? 12 : 0
                    notes.append(groove.note(bar: bar, sixteenth: Double(step), lengthSixteenths: rolling ? 0.9 : 1.6,
                                             pitch: rootNote + octave, velocity: step % 4 == 2 ? 0.85 : 0.7, random: &random))
                }
            }
        }
        notes.append(NoteEvent(start: form.finalChordTime, duration: form.barDuration,
                               pitch: StyleTools.nearest(plan.finalChord.root, to: 36), velocity: 0.8))
        return notes
    }

    private func pads(form: Form, plan: HarmonicPlan, extended: Bool) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int]?
        for span in plan.spans {
            let section = form.section(atBar: span.startBar)
            let voicing = Voicing.voice(span.chord.tones, count: extended ? 5 : 4, center: 62, previous: previous)
            previous = voicing
            for pitch in voicing {
                notes.append(NoteEvent(start: form.time(ofBar: span.startBar), duration: Double(span.bars) * form.barDuration * 0.98,
                                       pitch: pitch, velocity: Float(0.35 + section.energy * 0.45)))
            }
        }
        for pitch in Voicing.voice(plan.finalChord.tones, count: extended ? 5 : 4, center: 62, previous: previous) {
            notes.append(NoteEvent(start: form.finalChordTime, duration: 8, pitch: pitch, velocity: 0.6))
        }
        return notes
    }

    private func arpeggio(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let shapes: [[Int]] = [[0, 1, 2, 3, 2, 1, 0, 1], [0, 2, 1, 3, 0, 2, 1, 3], [0, 1, 2, 3, 4, 3, 2, 1]]
        let shape = shapes[random.index(shapes.count)]
        for section in form.sections where section.kind != .intro && section.kind != .outro {
            for bar in section.startBar..<section.endBar {
                let chord = plan.chord(atBar: bar)
                let tones = Voicing.voice(chord.tones, count: 3, center: 69, previous: nil)
                let ladder = tones + tones.map { $0 + 12 }
                let step = section.kind == .breakdown ? 2 : 1
                for s in stride(from: 0, to: 16, by: step) {
                    let pitch = ladder[shape[(s / step) % shape.count] % ladder.count]
                    let v = (s % 4 == 0 ? 0.75 : 0.55) * (0.7 + section.energy * 0.3)
                    notes.append(groove.note(bar: bar, sixteenth: Double(s), lengthSixteenths: Double(step) * 0.8,
                                             pitch: pitch, velocity: v, random: &random))
                }
            }
        }
        return notes
    }

    private func lead(form: Form, plan: HarmonicPlan, groove: Groove, random: inout SeededRandom) -> [NoteEvent] {
        let writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 74), range: 67...88)
        let motif = Motif.make(bars: 2, density: 0.45 + interpretation.energy * 0.3, random: &random, range: -2...7)
        var notes: [NoteEvent] = []
        for section in form.sections where section.kind == .chorus || section.kind == .finale {
            var bar = section.startBar
            var phrase = 0
            while bar + 2 <= section.endBar {
                var m = phrase % 2 == 0 ? motif : motif.transposed(by: phrase % 4 == 1 ? 1 : -1)
                if bar + 2 == section.endBar { m = m.cadencing(on: section.kind == .finale ? 0 : 4) }
                notes += writer.write(m, bar: bar, anchor: 2, velocity: 0.6 + section.energy * 0.2, groove: groove, random: &random)
                bar += 2
                phrase += 1
            }
        }
        return notes
    }

    /// A filtered-noise riser over the last two bars before each chorus and finale.
    private func sweeps(form: Form) -> [NoteEvent] {
        form.sections.filter { ($0.kind == .chorus || $0.kind == .finale) && $0.startBar >= 2 }.map { section in
            NoteEvent(start: form.time(ofBar: section.startBar - 2), duration: 2 * form.barDuration, pitch: 60, velocity: 0.7)
        }
    }
}
