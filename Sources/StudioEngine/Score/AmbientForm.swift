import StudioCore

/// ambient-1's form: no verse and chorus, but a slow succession of states — emerging, drifting,
/// blooming, thinning, fading — of irregular lengths (3 to 9 bars) whose energy wanders rather
/// than cycling, so that nothing recurs on a period a listener can count.
///
/// The states reuse `Form.SectionKind` for what the instruments need from them (a drift plays
/// like a verse, a bloom as full as a chorus, a thinning like a breakdown) and carry their own
/// names as labels, which is what the score's markers show.
enum AmbientForm {
    /// `calm` (0…1, 1 − the prompt's energy) lengthens the states and lowers where the energy wanders.
    static func plan(duration: Double, tempo: Double, tail: Double, calm: Double, random: inout SeededRandom) -> Form {
        let bars = max(1, Int(((duration - tail) / (240 / tempo)).rounded(.down)))
        guard bars >= 8 else {
            return Form(tempo: tempo, sections: [Form.Section(kind: .verse, startBar: 0, bars: bars, energy: 0.55, cycle: 0, label: "drift")])
        }
        let emerge = min(bars / 4, random.weighted([(3, 1.0), (4, 1.0), (5, 0.7), (6, 0.4)]))
        let fade = min(bars / 4, random.weighted([(3, 1.0), (4, 1.0), (5, 0.6)]))
        var sections = [Form.Section(kind: .intro, startBar: 0, bars: emerge, energy: 0.3, cycle: 0, label: "emerge")]
        var bar = emerge
        let centre = 0.7 - calm * 0.3
        var energy = random.uniform((centre - 0.08)...(centre + 0.05))
        var previous: Form.SectionKind = .intro
        var index = 0
        while bar < bars - fade {
            let left = bars - fade - bar
            var length = random.weighted([(3, 1.2 - calm), (4, 1.0), (5, 1.0), (6, 0.4 + calm), (7, 0.2 + calm), (9, calm * 0.5)])
            // Never leave a stub too short to be a state of its own.
            if left - length < 3 { length = left }
            // The energy takes a random walk, pulled back towards the middle.
            energy = min(0.9, max(0.3, energy + random.uniform(-0.2...0.2) + (centre - energy) * 0.3))
            var kind: Form.SectionKind = energy > 0.68 ? .chorus : energy < 0.42 ? .breakdown : .verse
            if kind == previous && kind != .verse { kind = .verse }
            let label = switch kind { case .chorus: "bloom"; case .breakdown: "thin"; default: "drift" }
            index += 1
            sections.append(Form.Section(kind: kind, startBar: bar, bars: length, energy: energy, cycle: index, label: label))
            previous = kind
            bar += length
        }
        sections.append(Form.Section(kind: .outro, startBar: bar, bars: bars - bar, energy: 0.32, cycle: index, label: "fade"))
        return Form(tempo: tempo, sections: sections)
    }
}
