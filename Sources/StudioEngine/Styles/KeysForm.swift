import StudioCore

/// The forms a solo piano piece takes: a song (verses and choruses with a bridge), a nocturne
/// (a singing A strain that returns ornamented around a fuller, contrasting B and quiet
/// interludes, then a coda), or a waltz (in three: paired strains and a trio). The seed walks
/// each form's grammar (`SectionWalk`), so two seeds rarely share a plan.
///
/// Sections use `Form.SectionKind`s so that the rest of the engine (markers, focus, energy)
/// reads them as usual: A strains are verses, contrasting strains choruses, an interlude a
/// breakdown, the last return a finale and the coda an outro.
enum KeysForm: String, Sendable, CaseIterable {
    case song, nocturne, waltz

    /// A waltz when the metre is triple (a nocturne for some seeds: Chopin's are often in three
    /// too); otherwise the seed picks a song or a nocturne.
    static func choose(triple: Bool, random: inout SeededRandom) -> KeysForm {
        triple ? random.weighted([(.waltz, 0.6), (.nocturne, 0.4)]) : random.weighted([(.song, 0.5), (.nocturne, 0.5)])
    }

    var walk: SectionWalk {
        switch self {
        case .song:
            SectionWalk(next: [.intro: [(.verse, 1)], .verse: [(.chorus, 0.7), (.verse, 0.15), (.breakdown, 0.15)],
                               .chorus: [(.verse, 0.6), (.breakdown, 0.4)], .breakdown: [(.verse, 0.5), (.chorus, 0.5)]],
                        phrases: [.verse: 1...2, .chorus: 1...2, .breakdown: 1...1])
        case .nocturne:
            SectionWalk(next: [.intro: [(.verse, 1)], .verse: [(.verse, 0.35), (.chorus, 0.45), (.breakdown, 0.2)],
                               .chorus: [(.breakdown, 0.45), (.verse, 0.55)], .breakdown: [(.verse, 1)]],
                        phrases: [.verse: 2...2, .chorus: 1...2, .breakdown: 1...1],
                        energy: { kind, cycle in
                            switch kind {
                            case .intro: 0.25
                            case .verse: 0.42 + 0.06 * Double(min(cycle, 3))
                            case .chorus: 0.68
                            case .breakdown: 0.3
                            case .finale: 0.82
                            case .outro: 0.28
                            }
                        })
        case .waltz:
            SectionWalk(next: [.intro: [(.verse, 1)], .verse: [(.verse, 0.4), (.chorus, 0.6)],
                               .chorus: [(.verse, 0.5), (.chorus, 0.2), (.breakdown, 0.3)], .breakdown: [(.verse, 1)]],
                        phrases: [.verse: 2...2, .chorus: 2...2, .breakdown: 1...1])
        }
    }

    func plan(duration: Double, tempo: Double, tail: Double, beatsPerBar: Int, beatUnit: Int,
              random: inout SeededRandom) -> Form {
        let fallback = Form.plan(duration: duration, tempo: tempo, tail: tail, beatsPerBar: beatsPerBar, beatUnit: beatUnit)
        guard let sections = walk.sections(bars: fallback.totalBars, random: &random) else { return fallback }
        return fallback.with(sections: sections)
    }
}
