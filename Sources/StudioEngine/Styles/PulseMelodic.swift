import StudioCore

/// pulse-1's chords, arpeggio and lead, played where the arrangement lets them. The seed chooses
/// the voicing (close or open, its register), the stab rhythm, the arpeggio's shape and rate and
/// the lead's motif; each phrase of the lead develops the motif (sequence, inversion, ornament)
/// rather than restating it.
struct PulseMelodic: Sendable {
    let dance: DancePlan
    let plan: HarmonicPlan
    let groove: Groove
    let energy: Double
    /// Focus words: the arpeggio plays half-time and the lead's motifs are thinner.
    let sparse: Bool

    private var form: Form { dance.form }

    /// Held pad chords for every span (or the part of it) the arrangement gives to the chords.
    func pads(extended: Bool, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int]?
        let center = random.weighted([(60, 1.0), (64, 1.0), (57, 0.6)])
        let count = extended ? 5 : random.weighted([(3, 0.5), (4, 1.0)])
        for span in plan.spans {
            let bars = (span.startBar..<(span.startBar + span.bars)).filter { dance.plays(.chords, bar: $0) }
            guard let first = bars.first else { continue }
            let section = form.section(atBar: span.startBar)
            let voicing = Voicing.voice(span.chord.tones, count: count, center: center, previous: previous)
            previous = voicing
            for pitch in voicing {
                notes.append(NoteEvent(start: form.time(ofBar: first), duration: Double(bars.count) * form.barDuration * 0.98,
                                       pitch: pitch, velocity: Float(0.35 + section.energy * 0.45)))
            }
        }
        if !form.isContinuous {
            for pitch in Voicing.voice(plan.finalChord.tones, count: count, center: center, previous: previous) {
                notes.append(NoteEvent(start: form.finalChordTime, duration: 8, pitch: pitch, velocity: 0.6))
            }
        }
        return notes
    }

    /// Chord stabs: syncopated electric-piano chords (`long`, deep house) or short plucked dub
    /// chords that the delay repeats (minimal, techno).
    func stabs(long: Bool, random: inout SeededRandom) -> [NoteEvent] {
        let rhythms: [[Int]] = long ? [[2, 7, 10], [3, 6, 11, 14], [0, 3, 6, 10], [2, 10, 13]] : [[3], [6, 14], [2], [7, 15], [11]]
        var rhythm = rhythms[random.index(rhythms.count)]
        let center = long ? random.weighted([(62, 1.0), (66, 0.8)]) : random.weighted([(57, 1.0), (62, 1.0)])
        var notes: [NoteEvent] = []
        var previous: [Int]?
        for bar in 0..<form.totalBars where dance.plays(.chords, bar: bar) {
            // Every phrase may answer with another rhythm.
            if bar % dance.phraseBars == 0 && random.chance(0.4) { rhythm = rhythms[random.index(rhythms.count)] }
            let chord = plan.chord(atBar: bar)
            let voicing = Voicing.voice(chord.tones, count: long ? 4 : 3, center: center, previous: previous)
            previous = voicing
            let section = form.section(atBar: bar)
            // Sparse stabs skip some bars, so the delay's echoes have room.
            if !long && bar % 2 == 1 && random.chance(0.5) { continue }
            for step in rhythm {
                let length = long ? (step % 4 == 0 ? 3.0 : 1.5) : 0.8
                for pitch in voicing {
                    notes.append(groove.note(bar: bar, sixteenth: Double(step), lengthSixteenths: length, pitch: pitch,
                                             velocity: 0.45 + section.energy * 0.3, random: &random))
                }
            }
        }
        if !form.isContinuous {
            for pitch in Voicing.voice(plan.finalChord.tones, count: long ? 4 : 3, center: center, previous: previous) {
                notes.append(NoteEvent(start: form.finalChordTime, duration: long ? 4 : 1, pitch: pitch, velocity: 0.55))
            }
        }
        return notes
    }

    func arpeggio(random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let shapes: [[Int]] = [[0, 1, 2, 3, 2, 1, 0, 1], [0, 2, 1, 3, 0, 2, 1, 3], [0, 1, 2, 3, 4, 3, 2, 1], [0, 0, 2, 1, 0, 3, 2, 1],
                               [3, 2, 1, 0, 1, 2, 3, 4], [0, 2, 4, 2, 1, 3, 5, 3]]
        let shape = shapes[random.index(shapes.count)]
        let center = random.weighted([(69, 1.0), (64, 0.7), (74, 0.5)])
        let rate = sparse ? 4 : random.weighted([(1, 1.0), (2, 0.6)])
        for bar in 0..<form.totalBars where dance.plays(.arp, bar: bar) {
            let section = form.section(atBar: bar)
            let chord = plan.chord(atBar: bar)
            let tones = Voicing.voice(chord.tones, count: 3, center: center, previous: nil)
            let ladder = tones + tones.map { $0 + 12 }
            let step = section.kind == .breakdown ? max(2, rate) : rate
            for s in stride(from: 0, to: 16, by: step) {
                let pitch = ladder[shape[(s / step) % shape.count] % ladder.count]
                let v = (s % 4 == 0 ? 0.75 : 0.55) * (0.7 + section.energy * 0.3)
                notes.append(groove.note(bar: bar, sixteenth: Double(s), lengthSixteenths: Double(step) * 0.8,
                                         pitch: pitch, velocity: v, random: &random))
            }
        }
        return notes
    }

    /// The lead over the phrases the arrangement gives it: a motif stated, sequenced, inverted
    /// and ornamented by turns, cadencing at the end of each run.
    func lead(random: inout SeededRandom) -> [NoteEvent] {
        let writer = MelodyWriter(plan: plan, form: form, tonicMIDI: plan.scale.tonicMIDI(near: 74), range: 67...88)
        let density = sparse ? 0.3 : 0.45 + energy * 0.3
        let motif = Motif.make(bars: 2, density: density, random: &random, range: -2...7)
        let answer = Motif.make(bars: 2, density: density * 0.8, random: &random, range: -3...5)
        var notes: [NoteEvent] = []
        var phrase = 0
        var bar = 0
        while bar + 2 <= form.totalBars {
            guard dance.plays(.lead, bar: bar) else { bar += 1; continue }
            let section = form.section(atBar: bar)
            var m: Motif = switch phrase % 4 {
            case 0: motif
            case 1: answer
            case 2: random.chance(0.5) ? motif.transposed(by: random.chance(0.5) ? 2 : -1) : motif.inverted()
            default: answer.ornamented(&random)
            }
            if sparse { m = m.fragment(0.5) }
            let runEnds = !dance.plays(.lead, bar: bar + 2)
            if runEnds { m = m.cadencing(on: section.kind == .finale ? 0 : 4) }
            notes += writer.write(m, bar: bar, anchor: 2, velocity: 0.6 + section.energy * 0.2, groove: groove, random: &random)
            bar += 2
            phrase += 1
        }
        return notes
    }
}
