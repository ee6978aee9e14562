import StudioCore

/// pulse-1's harmony: every section kind draws its own loop from `DanceProgressions` (grooves,
/// drops and breakdowns differ), at a pace the sub-genre and the seed choose (one chord every 1–16
/// bars), with intros and outros on a tonic pedal so that a DJ can mix them in any key's
/// neighbourhood. Some sections hold the bass on the tonic under the moving chords (a pedal
/// point). The last bar of music approaches home with the dominant, unless the sub-genre vamps.
struct PulseHarmony: Sendable {
    let plan: HarmonicPlan
    /// Bars whose bass stays on the tonic whatever the chord.
    let pedalBars: Set<Int>

    init(form: Form, scale: Scale, subgenre: PulseSubgenre, extensions: Int, random: inout SeededRandom) {
        let mode = scale.key.mode
        let groove = DanceProgressions.pick(mode, sparse: subgenre.sparseHarmony, &random)
        let drop = random.chance(0.4) ? groove : DanceProgressions.pick(mode, sparse: subgenre.sparseHarmony, &random, avoiding: groove)
        let breakdown = DanceProgressions.pick(mode, sparse: false, &random, avoiding: drop)
        var spans: [HarmonicPlan.Span] = []
        var pedal: Set<Int> = []
        for section in form.sections {
            let loop: DanceProgressions.Loop
            switch section.kind {
            case .intro, .outro: loop = [.d(0)]
            case .verse: loop = groove
            case .breakdown: loop = subgenre.sparseHarmony ? groove : breakdown
            case .chorus, .finale: loop = drop
            }
            var barsPerChord = subgenre.chordBars[random.index(subgenre.chordBars.count)]
            if section.kind == .breakdown && !subgenre.sparseHarmony { barsPerChord = max(2, barsPerChord) }
            if section.kind == .intro || section.kind == .outro || random.chance(section.kind == .breakdown ? 0.4 : 0.2) {
                pedal.formUnion(section.startBar..<section.endBar)
            }
            // Later passes may start the loop elsewhere, so a returning section is heard anew.
            var index = section.cycle > 0 && loop.count > 2 && random.chance(0.4) ? 2 : 0
            var bar = section.startBar
            while bar < section.endBar {
                let length = min(barsPerChord, section.endBar - bar)
                let symbol = form.tonicBars.contains(bar) ? ChordSymbol.d(0) : loop[index % loop.count]
                spans.append(HarmonicPlan.Span(startBar: bar, bars: length, chord: symbol.chord(in: scale, extensions: extensions)))
                bar += length
                index += 1
            }
        }
        if !form.isContinuous, !subgenre.sparseHarmony, var last = spans.popLast() {
            // The last bar of music: a dominant into the final tonic.
            if last.bars > 1 {
                last.bars -= 1
                spans.append(last)
                last = HarmonicPlan.Span(startBar: last.startBar + last.bars, bars: 1, chord: last.chord)
            }
            last.chord = Chord(degree: 4, in: scale, extensions: min(extensions, 1), raisedLeadingTone: true)
            spans.append(last)
            pedal.remove(last.startBar)
        }
        plan = HarmonicPlan(scale: scale, spans: spans, finalChord: Chord(degree: 0, in: scale, extensions: extensions >= 2 ? 2 : 0))
        pedalBars = pedal
    }

    /// The bass note's pitch class in `bar`: the chord's root, or the tonic under a pedal.
    func bassPitchClass(atBar bar: Int) -> Int {
        pedalBars.contains(bar) ? plan.scale.key.tonic : plan.chord(atBar: bar).root
    }
}
