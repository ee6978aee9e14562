import StudioCore

/// The space of a beat tape: which parts play in each section. Loops drop parts (a verse
/// without its lead, a break with no drums and no bass), the tape opens and may close through a
/// low-pass (the "filtered" sections), and the beat can stop for a bar before a section lands.
/// The seed decides, within the style, so that seeds arrange the same material differently; a
/// spacious prompt (focus, study, sleep) lets the lead sing less and the drums rest more.
struct LofiArrangement: Sendable {
    enum Drums: Sendable, Equatable { case full, light, none }

    struct SectionParts: Sendable {
        var drums: Drums
        var bass: Bool
        /// The keys heard through a low-pass, as if from the next room.
        var filtered: Bool
        var melody: Bool
        /// The beat stops for the section's last bar, before the next one lands.
        var stopsBeforeNext: Bool
    }

    let sections: [SectionParts]

    init(form: Form, spacious: Bool, random: inout SeededRandom) {
        var result: [SectionParts] = []
        for (index, section) in form.sections.enumerated() {
            let nextKind = index + 1 < form.sections.count ? form.sections[index + 1].kind : nil
            var parts = SectionParts(drums: .full, bass: true, filtered: false, melody: true, stopsBeforeNext: false)
            switch section.kind {
            case .intro:
                parts.drums = random.chance(0.4) ? .light : .none
                parts.bass = random.chance(0.35)
                parts.filtered = random.chance(0.7)
                parts.melody = false
            case .verse:
                // The first pass lets the loop breathe before the lead comes in.
                parts.melody = spacious ? false : section.cycle > 0 || random.chance(0.6)
                parts.drums = spacious && random.chance(0.4) ? .light : .full
            case .chorus, .finale:
                parts.melody = !spacious || random.chance(0.5)
            case .breakdown:
                parts.drums = random.chance(0.6) ? .none : .light
                parts.bass = random.chance(0.3)
                parts.filtered = random.chance(0.5)
                parts.melody = !spacious && random.chance(0.5)
            case .outro:
                parts.filtered = random.chance(0.6)
                parts.melody = !spacious && random.chance(0.5)
                // The tape runs out on a lighter beat: room at the end, whatever came before.
                parts.drums = random.chance(0.5) ? .light : .none
            }
            parts.stopsBeforeNext = parts.drums == .full && (nextKind == .chorus || nextKind == .finale) && random.chance(0.45)
            result.append(parts)
        }
        sections = result
    }

    func parts(of section: Form.Section, in form: Form) -> SectionParts {
        let index = form.sections.firstIndex { $0.startBar == section.startBar } ?? 0
        return index < sections.count ? sections[index]
            : SectionParts(drums: .full, bass: true, filtered: false, melody: true, stopsBeforeNext: false)
    }
}
