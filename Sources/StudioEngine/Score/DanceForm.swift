import StudioCore

/// The parts of a dance arrangement that enter and leave over a piece.
enum DanceLayer: String, CaseIterable, Sendable {
    case kick, clap, hats, topHats, percussion, bass, chords, arp, lead
}

/// pulse-1's form and arrangement: sections on 8-bar phrases (4-bar in short pieces), a long
/// intro and outro of drums and bass that a DJ can mix, and for every bar the layers that play.
///
/// The seed chooses the section plan from the sub-genre's grammar — how long the intro is, where
/// the breakdowns fall, how long each groove and drop lasts — and the order in which layers come
/// in and go out, so no two seeds (and no two sub-genres) share an arrangement, and a layer that
/// plays in one phrase may rest in the next rather than a block looping whole.
struct DancePlan: Sendable {
    let form: Form
    /// The layers playing in each bar of music (index = bar).
    let layers: [Set<DanceLayer>]
    /// Bars per phrase: 8, or 4 in pieces too short for 8-bar phrases.
    let phraseBars: Int

    func plays(_ layer: DanceLayer, bar: Int) -> Bool {
        bar >= 0 && bar < layers.count && layers[bar].contains(layer)
    }

    /// How a sub-genre builds a piece: a DJ tool that grooves and shifts (techno, minimal), a
    /// house track that alternates grooves and peaks, or a build-and-drop piece (progressive,
    /// trance) with long breakdowns.
    enum Grammar: Sendable { case groove, house, build }

    /// A new plan for a whole piece.
    static func plan(duration: Double, tempo: Double, tail: Double, grammar: Grammar, optional: Set<DanceLayer>,
                     leadShare: Double, random: inout SeededRandom) -> DancePlan {
        let bars = max(1, Int(((duration - tail) / (240 / tempo)).rounded(.down)))
        let unit = bars >= 40 ? 8 : 4
        let units = bars / unit
        guard units >= 3 else {
            // Too short for an intro and an outro: one full section.
            let form = Form(tempo: tempo, sections: [Form.Section(kind: .chorus, startBar: 0, bars: bars, energy: 0.8, cycle: 0)])
            return DancePlan(form: form, layers: Array(repeating: full(optional), count: bars), phraseBars: unit)
        }
        let introUnits = units >= 14 ? random.weighted([(3, 1.0), (4, 1.0), (2, 0.5)])
            : units >= 8 ? random.weighted([(2, 1.0), (3, 0.4)]) : 1
        let outroUnits = units >= 14 ? random.weighted([(2, 1.0), (3, 1.0), (4, 0.4)])
            : units >= 8 ? random.weighted([(1, 1.0), (2, 1.0)]) : 1
        var body = bodySections(units: units - introUnits - outroUnits, grammar: grammar, random: &random)
        body[body.count - 1].kind = body.last!.kind == .breakdown ? .breakdown : .finale

        var sections: [Form.Section] = []
        var bar = 0
        func add(_ kind: Form.SectionKind, _ length: Int, energy: Double, cycle: Int) {
            sections.append(Form.Section(kind: kind, startBar: bar, bars: length, energy: energy, cycle: cycle))
            bar += length
        }
        add(.intro, introUnits * unit, energy: 0.3, cycle: 0)
        var cycle = 0
        for section in body {
            if section.kind == .verse, sections.last?.kind != .intro { cycle += 1 }
            add(section.kind, section.units * unit, energy: energy(section.kind, cycle: cycle, random: &random), cycle: cycle)
        }
        add(.outro, outroUnits * unit + bars % unit, energy: 0.35, cycle: cycle)
        let form = Form(tempo: tempo, sections: sections)
        return DancePlan(form: form, layers: arrange(form, unit: unit, optional: optional, leadShare: leadShare, random: &random),
                         phraseBars: unit)
    }

    /// A plan over sections someone else planned (a focus segment's): no intro or outro to build,
    /// so each section plays its kind's layers, with the optional ones moving phrase by phrase.
    static func over(_ form: Form, optional: Set<DanceLayer>, leadShare: Double, random: inout SeededRandom) -> DancePlan {
        DancePlan(form: form, layers: arrange(form, unit: 4, optional: optional, leadShare: leadShare, random: &random),
                  phraseBars: 4)
    }

    private static func full(_ optional: Set<DanceLayer>) -> Set<DanceLayer> {
        Set<DanceLayer>([.kick, .clap, .hats, .bass, .chords]).union(optional)
    }

    private static func energy(_ kind: Form.SectionKind, cycle: Int, random: inout SeededRandom) -> Double {
        let base: Double = switch kind {
        case .verse: 0.6 + 0.04 * Double(cycle)
        case .chorus: 0.82
        case .breakdown: 0.38
        case .finale: 0.95
        default: 0.35
        }
        return min(1, max(0.2, base + random.uniform(-0.05...0.05)))
    }

    /// The body between intro and outro, in phrase units, from the grammar's transitions.
    private static func bodySections(units: Int, grammar: Grammar, random: inout SeededRandom) -> [(kind: Form.SectionKind, units: Int)] {
        var result: [(kind: Form.SectionKind, units: Int)] = []
        var left = units
        var kind: Form.SectionKind = .verse
        while left > 0 {
            let length: Int
            switch (grammar, kind) {
            case (.build, .breakdown): length = random.weighted([(1, 1.0), (2, 1.2)])
            case (_, .breakdown): length = 1
            case (.groove, _): length = random.weighted([(2, 1.0), (3, 0.8), (4, 0.6)])
            default: length = random.weighted([(1, 0.5), (2, 1.0), (3, 0.5), (4, 0.4)])
            }
            result.append((kind, min(length, left)))
            left -= min(length, left)
            kind = next(after: kind, grammar: grammar, random: &random)
        }
        return result
    }

    private static func next(after kind: Form.SectionKind, grammar: Grammar, random: inout SeededRandom) -> Form.SectionKind {
        switch (grammar, kind) {
        case (.build, .verse): random.weighted([(.breakdown, 1.0), (.chorus, 0.6)])
        case (.build, .breakdown): .chorus
        case (.build, _): random.weighted([(.verse, 0.6), (.breakdown, 1.0)])
        case (.house, .verse): random.weighted([(.chorus, 1.0), (.breakdown, 0.6), (.verse, 0.3)])
        case (.house, .breakdown): random.weighted([(.chorus, 1.0), (.verse, 0.5)])
        case (.house, _): random.weighted([(.verse, 1.0), (.breakdown, 0.8)])
        case (.groove, .verse): random.weighted([(.chorus, 1.0), (.breakdown, 0.5), (.verse, 0.5)])
        case (.groove, .breakdown): .verse
        case (.groove, _): random.weighted([(.verse, 1.0), (.breakdown, 0.4)])
        }
    }

    /// Which layers play in every bar. The intro adds a layer at most every half phrase, drums
    /// and bass only; the outro takes them away in a seeded order, ending on kick and bass; the
    /// sections between keep their kind's core and let each optional layer come and go by phrase.
    private static func arrange(_ form: Form, unit: Int, optional: Set<DanceLayer>, leadShare: Double,
                                random: inout SeededRandom) -> [Set<DanceLayer>] {
        var layers = Array(repeating: Set<DanceLayer>(), count: form.totalBars)
        let rhythm: [DanceLayer] = [.hats, .bass, .clap] + (optional.contains(.percussion) ? [.percussion] : [])
            + (optional.contains(.topHats) ? [.topHats] : [])
        var entering = rhythm
        for index in stride(from: entering.count - 1, to: 0, by: -1) { entering.swapAt(index, random.index(index + 1)) }
        // In a fixed order: a Set's iteration order changes from run to run, and the seeded
        // stream must be drawn in the same order every time for the piece to be the same.
        var playing = Set([DanceLayer.arp, .percussion, .topHats].filter { optional.contains($0) && random.chance(0.5) })
        var leadPhrases = 0, phrasesWithLead = 0
        for section in form.sections {
            let phrases = max(1, section.bars / unit)
            for phrase in 0..<phrases {
                let from = section.startBar + phrase * unit
                let to = phrase == phrases - 1 ? section.endBar : from + unit
                var set: Set<DanceLayer>
                switch section.kind {
                case .intro:
                    // Kick alone first, then the rhythm layers one by one, on half-phrase lines.
                    let half = max(1, unit / 2)
                    for bar in from..<to {
                        let line = (bar - section.startBar) / half * half
                        let progress = Double(line) / Double(section.bars)
                        let count = min(entering.count, Int((progress * Double(entering.count + 1)).rounded(.down)))
                        layers[bar] = Set([DanceLayer.kick]).union(entering.prefix(count))
                    }
                    continue
                case .outro:
                    let remaining = Double(phrases - phrase) / Double(phrases)
                    let keep = max(0, Int((Double(entering.count) * remaining).rounded(.up)) - 1)
                    set = Set([DanceLayer.kick, .bass]).union(entering.reversed().prefix(keep))
                    if phrase == 0 && phrases > 1 { set.insert(.chords) }
                case .breakdown:
                    set = [.chords]
                    if optional.contains(.arp) && random.chance(0.5) { set.insert(.arp) }
                    if optional.contains(.lead) && random.chance(0.35) { set.insert(.lead) }
                    if random.chance(0.5) { set.insert(.hats) }
                case .verse where form.isContinuous:
                    // A focus segment's verses hold its edges, where it crossfades with its
                    // neighbours: one steady set, so that the two meet at one level.
                    set = Set([DanceLayer.kick, .clap, .hats, .bass, .chords]).union(optional.intersection([.topHats]))
                default:
                    set = [.kick, .clap, .hats, .bass, .chords]
                    for layer in [DanceLayer.arp, .percussion, .topHats] where optional.contains(layer) {
                        // Layers tend to stay once in, and to wait once out: phrases change, blocks don't loop.
                        let stay = playing.contains(layer) ? 0.7 : 0.4
                        if random.chance(section.kind == .verse ? stay : stay + 0.2) { playing.insert(layer) } else { playing.remove(layer) }
                    }
                    set.formUnion(playing)
                    if section.kind == .verse && random.chance(0.25) { set.remove(.chords) }
                    if optional.contains(.lead) && section.kind != .verse {
                        leadPhrases += 1
                        // The lead takes its share of the drops' phrases, no more.
                        if Double(phrasesWithLead) < leadShare * Double(leadPhrases) {
                            set.insert(.lead)
                            phrasesWithLead += 1
                        }
                    }
                }
                for bar in from..<to { layers[bar] = set }
            }
        }
        return layers
    }
}
