import Foundation
import StudioCore

/// pulse-1's drums, bass and risers, played from the arrangement's layers bar by bar. The seed
/// chooses the groove within the sub-genre — a kick pickup or not, ghost claps, which hat and
/// percussion pattern, the bass's rhythm — and phrases vary it (a fill into each new section,
/// an open hat closing a phrase), so grooves differ between seeds and within a piece.
struct PulseRhythm: Sendable {
    let dance: DancePlan
    let subgenre: PulseSubgenre
    let groove: Groove
    let energy: Double
    let feel: PromptInterpretation.Feel

    private var form: Form { dance.form }

    func drums(random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let D = StyleTools.Drum.self
        let kickPickup = random.chance(0.35) && subgenre.kicks == [0, 4, 8, 12]
        let ghostClap = random.chance(0.4)
        let hatVariants: [[Int]] = [subgenre.hats, subgenre.hats + [15], subgenre.hats.map { $0 + 1 }.filter { $0 % 4 != 0 } + subgenre.hats]
        let hats = DrumFeel.hats(hatVariants[random.index(hatVariants.count)].sorted(), feel)
        var percussion = subgenre.percussion.isEmpty ? [] : subgenre.percussion[random.index(subgenre.percussion.count)]
        // The producer's hand on the faders: hats and percussion swell and recede on a slow
        // curve of their own period, so that no two phrases are mixed alike.
        let period = random.uniform(9...19), phase = random.uniform(0...(2 * Double.pi))
        func ride(_ bar: Int) -> Double { 0.78 + 0.22 * sin(2 * Double.pi * Double(bar) / period + phase) }
        let kickSteps = DrumFeel.kicks(subgenre.kicks, feel)
        let backbeat = DrumFeel.backbeat(subgenre.backbeat, feel)
        let topStep = random.chance(0.5) ? 1 : 2
        for section in form.sections {
            let full = section.kind == .chorus || section.kind == .finale
            for bar in section.startBar..<section.endBar {
                if (bar - section.startBar) % dance.phraseBars == 0, subgenre.percussion.count > 1, random.chance(0.4) {
                    // A new phrase may bring another percussion figure.
                    percussion = subgenre.percussion[random.index(subgenre.percussion.count)]
                }
                func hit(_ step: Double, _ pitch: Int, _ velocity: Double, length: Double = 2) {
                    notes.append(groove.note(bar: bar, sixteenth: step, lengthSixteenths: length, pitch: pitch,
                                             velocity: velocity, random: &random))
                }
                let phraseEnd = (bar - section.startBar) % dance.phraseBars == dance.phraseBars - 1
                let sectionEnd = bar == section.endBar - 1
                if bar == section.startBar && full { hit(0, D.crash, 0.7, length: 16) }
                if section.kind == .breakdown && bar >= section.endBar - 2 && section.bars >= 4 {
                    // The build: a snare roll that gets denser and louder into the drop.
                    let step = sectionEnd ? 1 : 2
                    for s in stride(from: 0, to: 16, by: step) {
                        hit(Double(s), D.snare, 0.3 + 0.5 * Double(s) / 16 + (sectionEnd ? 0.15 : 0), length: 1)
                    }
                    continue
                }
                if dance.plays(.kick, bar: bar) {
                    // Some phrases end with the kick holding off its last beat, a breath before the next.
                    let breath = phraseEnd && !sectionEnd && random.chance(0.3)
                    for step in kickSteps where !(breath && step >= 12) { hit(Double(step), D.kick, step == 0 ? 0.95 : 0.9) }
                    if kickPickup && phraseEnd { hit(14, D.kick, 0.7) }
                }
                if dance.plays(.clap, bar: bar) {
                    for step in backbeat { hit(Double(step), D.clap, step >= 8 ? 0.88 : 0.85) }
                    if ghostClap && bar % 2 == 1 { hit(15, D.clap, 0.35, length: 1) }
                    if sectionEnd && section.kind != .outro { for s in [13, 14, 15] { hit(Double(s), D.snare, 0.45 + 0.1 * Double(s - 13)) } }
                }
                if dance.plays(.hats, bar: bar) {
                    for s in hats {
                        let open = (full && s % 4 == 2) || (phraseEnd && s == 14)
                        hit(Double(s), open ? D.openHat : D.closedHat, (open ? 0.5 : 0.55) * ride(bar), length: 2)
                    }
                }
                let rolling = dance.plays(.topHats, bar: bar) || (subgenre.rollingHats && dance.plays(.hats, bar: bar))
                if feel != .half && rolling {
                    for s in stride(from: 0, to: 16, by: topStep) where s % 2 == 1 || s % 4 == 0 || topStep == 2 {
                        hit(Double(s), D.closedHat, (s % 4 == 0 ? 0.38 : 0.26 + 0.06 * energy) * ride(bar + 5), length: 1)
                    }
                }
                if dance.plays(.percussion, bar: bar) {
                    for (step, pitch) in percussion { hit(Double(step), pitch, (0.5 + (bar % 2 == 0 ? 0.08 : 0)) * ride(bar + 9)) }
                }
            }
        }
        return notes
    }

    func bass(harmony: PulseHarmony, random: inout SeededRandom) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        // The bass's rhythm, chosen per piece from the sub-genre's family.
        let patterns: [[Int]] = switch subgenre.bass {
        case .round: [[2, 6, 10, 14], [3, 6, 10, 13], [2, 7, 10, 14, 15], [0, 3, 8, 11]]
        case .sub: subgenre.sparseHarmony ? [[2, 10], [3, 11], [2, 6, 10, 14], [1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15]] : [[0, 10], [0, 6, 10]]
        case .synth: [[2, 6, 10, 14], [2, 6, 10, 14, 15], [2, 5, 10, 13]]
        }
        var pattern = patterns[random.index(patterns.count)]
        let rollingPattern = [2, 3, 6, 7, 10, 11, 14, 15]
        for section in form.sections {
            // A section may move the bassline to another of its family's rhythms.
            if section.kind == .verse || section.kind == .chorus, random.chance(0.35) { pattern = patterns[random.index(patterns.count)] }
            for bar in section.startBar..<section.endBar where dance.plays(.bass, bar: bar) {
                let rootNote = StyleTools.nearest(harmony.bassPitchClass(atBar: bar), to: 36)
                if section.kind == .breakdown {
                    notes.append(groove.note(bar: bar, sixteenth: 0, lengthSixteenths: 15, pitch: rootNote, velocity: 0.6, random: &random))
                    continue
                }
                let rolling = subgenre.rollingBass || section.kind == .finale || (section.kind == .chorus && energy > 0.55)
                let steps = rolling && subgenre.bass != .round ? rollingPattern : pattern
                let length = rolling ? 0.9 : (steps.count > 8 ? 0.8 : 1.6)
                for (index, step) in steps.enumerated() {
                    let octave = !rolling && index == steps.count - 1 && random.chance(0.3) ? 12 : 0
                    notes.append(groove.note(bar: bar, sixteenth: Double(step), lengthSixteenths: length,
                                             pitch: rootNote + octave, velocity: step % 4 == 2 ? 0.85 : 0.7, random: &random))
                }
            }
        }
        if !form.isContinuous {
            notes.append(NoteEvent(start: form.finalChordTime, duration: form.barDuration,
                                   pitch: StyleTools.nearest(harmony.plan.finalChord.root, to: 36), velocity: 0.8))
        }
        return notes
    }

    /// A filtered-noise riser over the last two bars before each drop.
    func sweeps() -> [NoteEvent] {
        form.sections.filter { ($0.kind == .chorus || $0.kind == .finale) && $0.startBar >= 2 }.map { section in
            NoteEvent(start: form.time(ofBar: section.startBar - 2), duration: 2 * form.barDuration, pitch: 60, velocity: 0.7)
        }
    }
}
