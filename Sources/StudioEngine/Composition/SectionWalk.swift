import StudioCore

/// Sections laid out by a seeded walk through a style's section kinds, so that every seed has
/// its own plan (where the sections change, how long each lasts, whether and where the music
/// breaks down), within the style's grammar: which kind may follow which, and how long each runs.
///
/// The piece opens with an intro and closes with a finale and an outro, in phrases of four bars;
/// bars that do not fill a phrase lengthen the intro, as `Form.plan` does.
struct SectionWalk: Sendable {
    /// What may follow a section of a kind, with weights.
    var next: [Form.SectionKind: [(Form.SectionKind, Double)]]
    /// The phrases a section of a kind may last.
    var phrases: [Form.SectionKind: ClosedRange<Int>]
    /// A section's energy from its kind and its pass through the cycle.
    var energy: @Sendable (Form.SectionKind, Int) -> Double = { Form.energy(of: $0, cycle: $1) }

    func sections(bars: Int, phraseBars: Int = 4, random: inout SeededRandom) -> [Form.Section]? {
        let total = bars / phraseBars, extra = bars - total * phraseBars
        guard total >= 6 else { return nil }
        let intro = min(random.weighted([(1, 0.6), (2, 0.4)]), total - 5)
        var layout: [(Form.SectionKind, Int)] = [(.intro, intro)]
        var left = total - intro - 3   // a two-phrase finale and a one-phrase outro close it
        var kind = Form.SectionKind.intro
        while left > 0 {
            let options = (next[kind] ?? [(.verse, 1)]).filter { $0.0 != .breakdown || left >= 2 }
            kind = random.weighted(options.isEmpty ? [(.verse, 1)] : options)
            let range = phrases[kind] ?? 1...2
            let length = min(left, range.lowerBound + random.index(range.count))
            layout.append((kind, length))
            left -= length
        }
        layout += [(.finale, 2), (.outro, 1)]
        var sections: [Form.Section] = []
        var bar = 0, cycle = 0
        for (index, (kind, count)) in layout.enumerated() {
            if kind == .verse, sections.contains(where: { $0.kind == .verse }), sections.last?.kind != .verse { cycle += 1 }
            let length = count * phraseBars + (index == 0 ? extra : 0)
            sections.append(Form.Section(kind: kind, startBar: bar, bars: length, energy: energy(kind, cycle), cycle: cycle))
            bar += length
        }
        return sections
    }
}
