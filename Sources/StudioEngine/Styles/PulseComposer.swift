import StudioCore

/// Electronic dance music in the prompt's sub-genre: a form built on 8-bar phrases with a long
/// intro and outro of drums and bass (`DancePlan`), harmony drawn from a large loop vocabulary
/// with borrowed chords and tonic pedals (`PulseHarmony`), and the sub-genre's own instruments,
/// patterns and pace of harmony (`PulseSubgenre`). Each layer enters and leaves by phrase, so a
/// piece develops instead of looping one block.
struct PulseComposer: Sendable {
    let interpretation: PromptInterpretation
    let seed: UInt64
    /// The sections to compose instead of planning them from the duration: a focus segment's.
    var plannedForm: Form? = nil

    /// Focus, study and sleep words: the lead rests more than it plays and the arpeggio thins.
    var wantsSpace: Bool { interpretation.moods.contains { FocusWords.all.contains($0) } }

    func compose(duration: Double) -> Score {
        let root = SeededRandom(seed: seed)
        var random = root.derived("pulse.structure")
        let key = interpretation.key
        let scale = Scale(key: key)
        let subgenre = PulseSubgenre.named(interpretation.subgenre)
        var optional: Set<DanceLayer> = [.topHats]
        if !subgenre.percussion.isEmpty { optional.insert(.percussion) }
        if !interpretation.excludes("arpeggio") && (subgenre.arpeggio || interpretation.wants("arpeggio")) { optional.insert(.arp) }
        if !interpretation.excludes("lead") && (subgenre.lead || interpretation.wants("lead")) { optional.insert(.lead) }
        let leadShare = wantsSpace ? 0.4 : 0.75
        let dance: DancePlan
        if let plannedForm {
            dance = DancePlan.over(plannedForm, optional: optional, leadShare: leadShare, random: &random)
        } else {
            dance = DancePlan.plan(duration: duration, tempo: interpretation.bpm, tail: max(2.5, 60 / interpretation.bpm * 4),
                                   grammar: subgenre.grammar, optional: optional, leadShare: leadShare, random: &random)
        }
        let form = dance.form
        var harmonyRandom = root.derived("pulse.harmony")
        let harmony = PulseHarmony(form: form, scale: scale, subgenre: subgenre, extensions: interpretation.extendedChords ? 2 : 0,
                                   random: &harmonyRandom)
        let plan = harmony.plan
        let groove = DrumFeel.groove(Groove(form: form, swing: subgenre.swing, timingJitter: 0.0015, velocityJitter: 0.03),
                                     ratio: interpretation.swingRatio)
        let bright = min(1, max(0, Float(interpretation.brightness) + subgenre.brightness))
        let rhythm = PulseRhythm(dance: dance, subgenre: subgenre, groove: groove, energy: interpretation.energy,
                                 feel: interpretation.feel)
        let melodic = PulseMelodic(dance: dance, plan: plan, groove: groove, energy: interpretation.energy, sparse: wantsSpace)

        var parts: [Part] = []
        var kicks: [NoteEvent] = []
        if !interpretation.excludes("drums") {
            var drumRandom = root.derived("pulse.drums")
            let notes = rhythm.drums(random: &drumRandom)
            kicks = notes.filter { $0.pitch == StyleTools.Drum.kick }
            parts.append(Part(name: "drums", stem: .drums, instrument: DrumKit(character: .electronic, tonic: key.tonic),
                              notes: notes, gain: 0.95, reverbSend: 0.06,
                              compression: PartCompression(thresholdDB: -6, ratio: 3)))
        }
        let pump = StyleTools.sidechain(kicks: kicks, depth: 0.55, recovery: form.beatDuration * 0.7)
        if !interpretation.excludes("bass") {
            var bassRandom = root.derived("pulse.bass")
            parts.append(Part(name: "bass", stem: .bass, instrument: BassSynth(character: subgenre.bass, brightness: 0.3 + bright * 0.4),
                              notes: rhythm.bass(harmony: harmony, random: &bassRandom),
                              gain: subgenre.bass == .sub ? 1.7 : 1.5, reverbSend: 0.0, ride: pump, halfRate: true))
        }
        var chordRandom = root.derived("pulse.chords")
        switch subgenre.chords {
        case .pad(let character):
            let pad = Pad(character: character, brightness: 0.25 + bright * 0.6)
            parts.append(Part(name: "pad", stem: .harmony, instrument: pad,
                              notes: melodic.pads(extended: interpretation.extendedChords, random: &chordRandom), gain: 0.95,
                              reverbSend: 0.35, ride: pump, filter: pad.sharedFilter, halfRate: true))
        case .keys:
            parts.append(Part(name: "keys", stem: .harmony, instrument: ElectricPiano(brightness: 0.3 + bright * 0.4),
                              notes: melodic.stabs(long: true, random: &chordRandom), gain: 1.1, pan: -0.05,
                              reverbSend: 0.3, delaySend: 0.15, ride: pump, halfRate: true))
            if interpretation.wants("pads") {
                let pad = Pad(character: .warm, brightness: 0.2 + bright * 0.4)
                parts.append(Part(name: "pad", stem: .harmony, instrument: pad, notes: melodic.pads(extended: true, random: &chordRandom),
                                  gain: 0.6, reverbSend: 0.4, ride: pump, filter: pad.sharedFilter, halfRate: true))
            }
        case .stab:
            parts.append(Part(name: "stab", stem: .harmony, instrument: Pluck(brightness: 0.25 + bright * 0.35),
                              notes: melodic.stabs(long: false, random: &chordRandom), gain: 1.2, pan: 0.1,
                              reverbSend: 0.4, delaySend: 0.45, halfRate: true))
        }
        if dance.layers.contains(where: { $0.contains(.arp) }) {
            var arpRandom = root.derived("pulse.arp")
            parts.append(Part(name: "arp", stem: .melody, instrument: Pluck(brightness: 0.4 + bright * 0.4),
                              notes: melodic.arpeggio(random: &arpRandom),
                              gain: 1.2, pan: 0.25, reverbSend: 0.25, delaySend: 0.3, halfRate: true))
        }
        if dance.layers.contains(where: { $0.contains(.lead) }) {
            var leadRandom = root.derived("pulse.lead")
            let character: Lead.Character = interpretation.timbres.contains("square") ? .square : .saw
            parts.append(Part(name: "lead", stem: .melody, instrument: Lead(character: character, brightness: 0.35 + bright * 0.4),
                              notes: melodic.lead(random: &leadRandom),
                              gain: 1.2, pan: -0.1, reverbSend: 0.3, delaySend: 0.2, halfRate: true))
        }
        parts.append(Part(name: "sweep", stem: .texture, instrument: Texture(kind: .sweep, seed: UInt32(truncatingIfNeeded: seed)),
                          notes: rhythm.sweeps(), gain: 2.5, reverbSend: 0.3))
        let space = SpaceSettings(reverbSeconds: Float(1.4 + interpretation.space * 1.8), reverbDamping: 0.45,
                                  delaySeconds: Float(form.beatDuration * 0.75), delayFeedback: 0.4,
                                  reverbReturn: 2.5)
        return Score(duration: duration, tempo: form.tempo, key: key, form: form, parts: parts, space: space,
                     fadeIn: 0.02, fadeOut: min(4, duration * 0.12))
    }
}

/// Prompt words that ask for music to work, study or sleep to: the arrangement leaves space.
enum FocusWords {
    static let all: Set<String> = ["focus", "focused", "study", "studying", "concentration", "work", "sleep", "meditative"]
}
