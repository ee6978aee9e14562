import Foundation
import StudioCore

/// The layout of one focus segment: where its bars fall on the stream's bar grid, its sections,
/// the bars it holds on the tonic, its seed and its brightness. A pure function of the stream
/// and the index, which is what lets any segment be rendered without the others.
struct FocusPlan: Sendable {
    let seed: UInt64
    /// Seconds from the segment's first bar line (at or before its start) to its first sample.
    let phase: Double
    let form: Form
    let brightness: Double

    init(stream: FocusStream, index: Int) {
        let bar = stream.barSeconds
        let start = stream.startSeconds(ofSegment: index)
        // Bars lie on one grid through the whole stream, so that overlapping segments keep the beat
        // together. The small epsilon keeps a start that is a whole number of bars in floating
        // point from landing on the bar before.
        let firstBar = Self.bar(containing: start, barSeconds: bar)
        phase = max(0, start - Double(firstBar) * bar)
        // The bar in which the next segment starts (and this one's overlap with it begins), local.
        let seamBar = Self.bar(containing: stream.startSeconds(ofSegment: index + 1), barSeconds: bar) - firstBar
        let totalBars = Int(((phase + stream.segmentSeconds) / bar).rounded(.up)) + 1
        // The bars this segment shares with the previous one (bar 0 onwards) and with the next one
        // (from the seam on) are held on the tonic, in both segments, so the crossfade joins two
        // performances of one chord. The next segment's head computes the same bars: it starts at
        // the seam's global bar and covers its phase plus the crossfade.
        let headBars = index == 0 ? 0 : min(seamBar, Int(((phase + stream.crossfadeSeconds) / bar).rounded(.up)))

        var random = SeededRandom(seed: stream.seed).derived("focus.segment.\(index)")
        seed = random.next()
        brightness = Self.brightness(stream: stream, index: index)

        // Energies drift slowly too: a segment's verses sit a little above or below the default.
        let drift = 0.06 * sin(2 * Double.pi * Double(index) / 7 + Self.angle(stream.seed, "energy"))
        let verseEnergy = 0.6 + drift
        let phraseBars = stream.engineKey == "ambient-1" ? 2 : 4
        var sections: [Form.Section] = []
        func add(_ kind: Form.SectionKind, _ from: Int, _ to: Int) {
            guard to > from else { return }
            let energy: Double = switch kind {
            case .chorus: 0.8 + drift
            case .breakdown: 0.45
            default: verseEnergy
            }
            sections.append(Form.Section(kind: kind, startBar: from, bars: to - from, energy: energy, cycle: index))
        }
        // The head section is a whole number of two-bar phrases (its tonic bars may end a bar
        // sooner): melodies are written in two-bar phrases, and an odd bar left over would be a
        // silent one just after the crossfade. A short segment keeps its body instead.
        let evenHead = headBars + headBars % 2
        let headEnd = seamBar - evenHead >= phraseBars * 2 ? evenHead : headBars
        add(.verse, 0, headEnd)
        // The body between the two overlaps: a verse phrase, then one long section whose kind the
        // segment's seed chooses (a chorus, a verse or a breakdown, so segments differ in energy),
        // then a verse phrase into the seam so the level going into the crossfade is the usual one.
        let body = seamBar - headEnd
        let character: Form.SectionKind = random.weighted([(.chorus, 0.45), (.verse, 0.3), (.breakdown, 0.25)])
        if body >= phraseBars * 3 {
            add(.verse, headEnd, headEnd + phraseBars)
            add(character, headEnd + phraseBars, seamBar - phraseBars)
            add(.verse, seamBar - phraseBars, seamBar)
        } else {
            add(body >= phraseBars * 2 ? character : .verse, headEnd, seamBar)
        }
        add(.verse, max(seamBar, headEnd), totalBars)
        let tonic = Set(0..<headBars).union(max(seamBar, headBars)..<totalBars)
        form = Form(tempo: stream.interpretation.bpm, sections: sections, isContinuous: true, tonicBars: tonic,
                    beatsPerBar: stream.interpretation.beatsPerBar, beatUnit: stream.interpretation.beatUnit)
    }

    /// Stream time of the hand-over in the crossfade into segment `index` (≥ 1): every note that
    /// starts before it is played by the outgoing segment, every note from it on by the incoming
    /// one, so no onset is ever played twice. Two segments playing the same chord on the same grid
    /// would otherwise be partly the same audio, which an equal-power crossfade makes louder (up
    /// to +3 dB); handing over keeps the two uncorrelated, as equal power assumes. The hand-over
    /// sits on the half beat nearest the middle of the crossfade — near the middle so that the
    /// segments' level compensation (`FocusStream.crossfadeRide`) stays near +3 dB — a little
    /// ahead of it so that notes humanised early on that half beat still go to the incoming segment.
    static func handOverSeconds(stream: FocusStream, index: Int) -> Double {
        let start = stream.startSeconds(ofSegment: index), fade = stream.crossfadeSeconds
        guard fade >= 1 else { return start }
        let halfBeat = 30 / stream.interpretation.bpm
        let nearest = ((start + fade / 2) / halfBeat).rounded() * halfBeat - 0.06
        return min(max(nearest, start + fade / 4), start + fade * 3 / 4)
    }

    /// The global bar holding stream time `seconds`.
    static func bar(containing seconds: Double, barSeconds: Double) -> Int {
        Int((seconds / barSeconds + 1e-9).rounded(.down))
    }

    /// The prompt's brightness, drifting by ±0.08 over about ten segments (ten minutes at the
    /// default length): the session slowly opens and closes rather than sitting still.
    static func brightness(stream: FocusStream, index: Int) -> Double {
        let base = stream.interpretation.brightness
        let drift = 0.08 * sin(2 * Double.pi * Double(index) / 10 + angle(stream.seed, "brightness"))
        return min(1, max(0, base + drift))
    }

    /// A phase angle for a slow drift, fixed by the seed.
    static func angle(_ seed: UInt64, _ label: String) -> Double {
        var random = SeededRandom(seed: seed).derived("focus.\(label)")
        return random.unit() * 2 * Double.pi
    }
}
