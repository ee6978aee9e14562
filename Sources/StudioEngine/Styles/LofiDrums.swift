import StudioCore

/// The lofi kit: boom-bap kicks, a backbeat snare played late (the laid-back feel of the
/// genre: the snare drags 15–30 ms behind the grid while the kick sits on it), swung hats, fills
/// at phrase ends, in 4/4 or in three (3/4: the snare on beat three; 6/8: on the second dotted
/// beat). The arrangement says where the kit drops out, plays light (hats and a soft kick), or
/// stops for a bar before a section lands.
struct LofiDrums: Sendable {
    let form: Form
    let groove: Groove
    let feel: PromptInterpretation.Feel
    let arrangement: LofiArrangement
    let energy: Double

    /// Seconds the snare sits behind the grid, and the hats' drift around it.
    static let snareLag = 0.022

    func notes(random: inout SeededRandom) -> [NoteEvent] {
        let bar = form.sixteenthsPerBar
        let compound = form.beatUnit == 8
        let kickPatterns: [[Int]] = bar == 16 ? [[0, 10], [0, 7, 10], [0, 3, 10], [0, 8, 10], [0, 6, 10, 11]]
            : compound ? [[0, 10], [0, 3], [0, 9, 10]] : [[0], [0, 10], [0, 7], [0, 6]]
        let backbeat = bar == 16 ? [4, 12] : compound ? [6] : [8]
        let fillSteps = bar == 16 ? [4, 12, 14, 15] : compound ? [6, 9, 10, 11] : [8, 10, 11]
        let ghostSteps = bar == 16 ? [7, 15] : [5, 11]
        let mainKick = kickPatterns[random.index(kickPatterns.count)]
        let altKick = kickPatterns[random.index(kickPatterns.count)]
        var notes: [NoteEvent] = []
        func hit(_ barIndex: Int, _ step: Int, _ pitch: Int, _ velocity: Double, length: Double = 1, lag: Double = 0) {
            var note = groove.note(bar: barIndex, sixteenth: Double(step), lengthSixteenths: length, pitch: pitch,
                                   velocity: velocity, random: &random)
            note.start += lag
            notes.append(note)
        }
        for section in form.sections {
            let parts = arrangement.parts(of: section, in: form)
            guard parts.drums != .none else { continue }
            let light = parts.drums == .light
            for barIndex in section.startBar..<section.endBar {
                let inPhrase = (barIndex - section.startBar) % 4
                let lastOfPhrase = inPhrase == 3
                if parts.stopsBeforeNext && barIndex == section.endBar - 1 {
                    // The beat stops: one kick on the downbeat, then silence until the next section.
                    hit(barIndex, 0, StyleTools.Drum.kick, 0.9, length: 2)
                    continue
                }
                let busy = section.energy * (0.5 + energy)
                var kick = DrumFeel.kicks(lastOfPhrase ? altKick : mainKick, feel, bar: bar)
                var snare = light ? [] : DrumFeel.backbeat(backbeat, feel, bar: bar)
                if light { kick = [0] }
                if section.kind == .outro && barIndex >= section.endBar - 2 { kick = []; snare = [] }
                let fill = !light && lastOfPhrase && section.kind != .intro && section.kind != .outro && random.chance(0.45)
                if fill { snare = fillSteps; kick = kick.filter { $0 < fillSteps[1] } }
                for step in kick {
                    hit(barIndex, step, StyleTools.Drum.kick, (step == 0 ? 0.92 : 0.78) * (light ? 0.75 : 1), length: 2)
                }
                for step in snare {
                    let v = step >= fillSteps[2] ? 0.45 + Double(step - fillSteps[2]) * 0.15 : 0.82
                    hit(barIndex, step, StyleTools.Drum.snare, v, length: 2, lag: Self.snareLag + random.uniform(-0.006...0.008))
                }
                if !snare.isEmpty && random.chance(0.35 * busy) {
                    hit(barIndex, ghostSteps[random.index(2)], StyleTools.Drum.snare, 0.22, lag: Self.snareLag)
                }
                // Hats: swung eighths, with 16th pickups when the section is busy.
                guard section.kind != .outro || barIndex < section.endBar - 1 else { continue }
                for step in DrumFeel.hats(Array(stride(from: 0, to: bar, by: 2)), feel, bar: bar) {
                    let accent = step % (compound ? 6 : 4) == 0 ? 0.55 : 0.3
                    let open = step == bar - 2 && lastOfPhrase && section.kind != .breakdown && !light
                    hit(barIndex, step, open ? StyleTools.Drum.openHat : StyleTools.Drum.closedHat,
                        accent * (section.kind == .intro || light ? 0.8 : 1), length: open ? 2 : 1, lag: random.uniform(-0.004...0.01))
                    if !light && random.chance(0.25 * busy) {
                        hit(barIndex, step + 1, StyleTools.Drum.closedHat, 0.22, lag: 0.004)
                    }
                }
            }
        }
        return notes
    }
}
