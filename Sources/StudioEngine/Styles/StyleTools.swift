import StudioCore

/// Small helpers the style composers share.
enum StyleTools {
    /// General MIDI percussion numbers, which the synthesised and the sampled kits both honour.
    enum Drum {
        static let kick = 36, rim = 37, snare = 38, clap = 39, closedHat = 42, openHat = 46
        static let crash = 49, ride = 51, shaker = 70
    }

    /// The MIDI note of `pitchClass` closest to `center`.
    static func nearest(_ pitchClass: Int, to center: Int) -> Int {
        let base = center - (((center - pitchClass) % 12) + 12) % 12
        return center - base > 6 ? base + 12 : base
    }

    /// A fade-in over the intro and a fade-out over the outro for parts that should swell.
    /// A continuous form (a focus segment) neither starts nor ends, so it does not swell: a
    /// constant gain, the level the swell holds in the middle of a piece.
    static func swell(form: Form, inBars: Int, outBars: Int, floor: Float = 0.25) -> [GainPoint] {
        guard !form.isContinuous else { return [] }
        let end = form.finalChordTime
        return [
            GainPoint(time: 0, gain: floor),
            GainPoint(time: form.time(ofBar: inBars), gain: 1),
            GainPoint(time: max(form.time(ofBar: inBars), end - Double(outBars) * form.barDuration), gain: 1),
            GainPoint(time: end, gain: floor),
        ]
    }

    /// Ducks a part after every kick, the "pumping" of side-chain compression, as a gain ride.
    static func sidechain(kicks: [NoteEvent], depth: Float, recovery: Double) -> [GainPoint] {
        var points: [GainPoint] = []
        points.reserveCapacity(kicks.count * 3)
        for kick in kicks {
            points.append(GainPoint(time: kick.start, gain: 1))
            points.append(GainPoint(time: kick.start + 0.004, gain: 1 - depth))
            points.append(GainPoint(time: kick.start + recovery, gain: 1))
        }
        return points
    }

    /// Moods that ask for music to work, study or sleep to: the arrangement thins, the lead
    /// rests more than it sings, and the density breathes over the piece.
    static let spaciousMoods: Set<String> = ["focus", "focused", "study", "studying", "concentration", "sleep", "sleepy", "work"]

    static func wantsSpace(_ interpretation: PromptInterpretation) -> Bool {
        interpretation.moods.contains { spaciousMoods.contains($0) }
    }

    /// Sections where the melody should be heard, and how densely.
    static func melodyDensity(_ kind: Form.SectionKind) -> Double? {
        switch kind {
        case .intro: nil
        case .verse: 0.35
        case .chorus: 0.6
        case .breakdown: 0.2
        case .finale: 0.65
        case .outro: 0.25
        }
    }
}
