import Foundation
import StudioAudio
import StudioCore

/// An endless focus stream cut into overlapping segments that can each be rendered on its own.
///
/// Segment `i` covers stream time `[i·(L−c), i·(L−c)+L]` (`L` the segment length, `c` the
/// crossfade), so consecutive segments overlap by `c` and a player joins them with an
/// equal-power crossfade (cos/sin gains) over the overlap.
///
/// **What the overlap holds.** Each segment is its own piece of music (composed from the
/// stream's seed and its index), never a window of one continuous render: the overlap would then
/// hold the same audio twice, and an equal-power crossfade of it is 3 dB loud mid-fade (the
/// contract promises equal power, and a listener app will use it). Every note belongs to one
/// segment — the outgoing one before a hand-over near the middle of the crossfade, the incoming
/// one after — and each segment carries the inverse of the player's gain while it holds the
/// music (`crossfadeRide`), so the joined stream keeps its level. A segment's master normalises
/// its edges (`loudnessReference`), levels it (`FocusLeveller`) and limits what the player will
/// let through (`playerGain`); docs/ENGINES.md has the measurements.
///
/// **Why it still sounds like one piece.** The prompt is interpreted once, so every segment has
/// the same key, tempo and instruments. Bars lie on one grid through the stream (a segment that
/// starts mid-bar begins with the rest of that bar), so two rhythmic segments in an overlap play
/// their beats together, as a DJ blends two records at one tempo. Both hold the tonic chord over
/// the overlap (`Form.tonicBars`), so they never sound two chords at once. Segments neither swell
/// in nor cadence out (`Form.isContinuous`); only segment 0 fades in, from silence at the start.
/// The material evolves: each segment draws new progressions, motifs and patterns from its own
/// seed, its middle is a chorus, a verse or a breakdown (sections of different energy), and the
/// brightness drifts slowly over the session.
public struct FocusStream: Sendable {
    /// The longest session the contract allows: eight hours.
    public static let maxTargetSeconds = 8.0 * 3600

    public let engineKey: String
    public let prompt: String
    public let seed: UInt64
    public let segmentSeconds: Double
    public let crossfadeSeconds: Double
    /// The prompt as interpreted once for the whole stream: every segment plays in its key and tempo.
    public let interpretation: PromptInterpretation
    let engine: MusicEngine

    public init(engineKey: String, prompt: String, seed: UInt64, segmentSeconds: Double = 60,
                crossfadeSeconds: Double = 6) throws {
        let engine = try EngineCatalogue.engine(engineKey)
        let descriptor = engine.descriptor
        guard descriptor.enabled else {
            throw RenderError.engineDisabled(engineKey, reason: descriptor.disabledReason ?? "no reason given")
        }
        guard segmentSeconds >= 4, segmentSeconds <= Double(descriptor.maxDurationSeconds) else {
            throw FocusStreamError.invalidSegment(segmentSeconds, max: descriptor.maxDurationSeconds)
        }
        // At most half a segment, so that only two segments ever sound at once.
        guard crossfadeSeconds >= 0, crossfadeSeconds <= segmentSeconds / 2 else {
            throw FocusStreamError.invalidCrossfade(crossfadeSeconds, segment: segmentSeconds)
        }
        self.engine = engine
        self.engineKey = engineKey
        self.prompt = prompt
        self.seed = seed
        self.segmentSeconds = segmentSeconds
        self.crossfadeSeconds = crossfadeSeconds
        interpretation = engine.interpret(RenderRequest(engineKey: engineKey, prompt: prompt, durationSeconds: segmentSeconds,
                                                        seed: seed))
    }

    /// Stream time between the starts of consecutive segments.
    public var hopSeconds: Double { segmentSeconds - crossfadeSeconds }
    /// Seconds per bar in the prompt's time signature (a bar of 3/4 is three quarters).
    public var barSeconds: Double { 60 / interpretation.bpm * Double(interpretation.beatsPerBar * 4) / Double(interpretation.beatUnit) }

    /// Where segment `index` starts in the joined stream, in seconds.
    public func startSeconds(ofSegment index: Int) -> Double { Double(index) * hopSeconds }

    /// How many segments make a stream of at least `targetSeconds`.
    public func segmentCount(forTargetSeconds targetSeconds: Double) -> Int {
        guard targetSeconds > segmentSeconds else { return 1 }
        return 1 + Int(((targetSeconds - segmentSeconds) / hopSeconds).rounded(.up))
    }

    /// Renders segment `index` (0-based) to `url`, its edges mastered to −14 LUFS.
    ///
    /// Deterministic in the stream's inputs and `index` alone: segment 7 needs nothing from
    /// segments 0…6, so segments can be rendered ahead, in parallel, or again after a crash.
    public func renderSegment(_ index: Int, to url: URL, format: AudioFormat, date: String,
                              options: RenderOptions = RenderOptions()) throws -> FocusSegmentReport {
        precondition(index >= 0, "segment indices start at 0")
        var segment = self.segment(index)
        let levelling = try levelling(segment.wholeMusic, options: options)
        segment.score.parts = segment.score.parts.map { part in
            var part = part
            if part.stem != .texture { part.outputRide = GainCurve.product(part.outputRide, levelling) }
            return part
        }
        let descriptor = engine.descriptor
        let title = Renderer.defaultTitle(for: interpretation, engine: descriptor)
        let metadata = ScoreMetadata(title: "\(title) (focus, part \(index + 1))", licence: descriptor.licence,
                                     software: "Music Studio \(descriptor.engineKey) \(descriptor.version) focus")
        let result = try Renderer().render(score: segment.score, sampleRate: Double(descriptor.sampleRate), metadata: metadata,
                                           seed: segment.seed, to: RenderOutput(mix: [(url: url, format: format)], date: date),
                                           options: options)
        return FocusSegmentReport(
            index: index, startSeconds: startSeconds(ofSegment: index), durationSeconds: result.durationSeconds,
            crossfadeSeconds: crossfadeSeconds, frames: result.frames, sampleRate: result.sampleRate,
            engineKey: descriptor.engineKey, engineVersion: descriptor.version, bpm: segment.score.tempo,
            key: segment.score.key.description, seed: seed, segmentSeed: segment.seed,
            loudnessLUFS: result.loudnessLUFS, truePeakDBTP: result.truePeakDBTP, masterGainDB: result.masterGainDB,
            sections: segment.form.sections.map { "\($0.kind.rawValue)×\($0.bars)" },
            noteCount: segment.score.noteCount, peaks: result.peaks, licence: descriptor.licence)
    }

    /// The levelling ride (`FocusLeveller`) read from a segment's whole music: one more play
    /// of the segment, without mastering.
    func levelling(_ whole: Score, options: RenderOptions) throws -> [GainPoint] {
        let rate = Double(engine.descriptor.sampleRate)
        let bus = MixBus(score: whole, sampleRate: rate, threads: options.threads, writesStems: false)
        var left: [Float] = [], right: [Float] = []
        left.reserveCapacity(bus.totalFrames)
        right.reserveCapacity(bus.totalFrames)
        try bus.run(isCancelled: options.isCancelled ?? { false }, progress: { _ in }) { frames in
            left.append(contentsOf: UnsafeBufferPointer(start: bus.plane(0), count: frames))
            right.append(contentsOf: UnsafeBufferPointer(start: bus.plane(1), count: frames))
        }
        return FocusLeveller().ride(left: left, right: right, sampleRate: rate)
    }

    /// Segment `index` as a score, ready to play from its first sample.
    func segment(_ index: Int) -> FocusSegment {
        let plan = FocusPlan(stream: self, index: index)
        var interpretation = self.interpretation
        interpretation.brightness = plan.brightness
        let composed = engine.compose(interpretation, plan.phase + segmentSeconds, plan.seed, form: plan.form)
        // Segment 0 opens the stream with the engine's own fade-in; the others start at full level
        // because they enter under the previous segment's crossfade.
        let start = startSeconds(ofSegment: index)
        let firstOnset = index == 0 ? 0 : FocusPlan.handOverSeconds(stream: self, index: index) - start
        let lastOnset = FocusPlan.handOverSeconds(stream: self, index: index + 1) - start
        var score = Self.window(composed, from: plan.phase, duration: segmentSeconds, onsets: firstOnset..<lastOnset,
                                fadeIn: index == 0 ? composed.fadeIn : 0,
                                ride: crossfadeRide(handOverIn: index == 0 ? nil : firstOnset, handOverOut: lastOnset))
        score.loudnessReference = loudnessReference(index)
        score.heardGain = playerGain(index)
        let whole = Self.window(composed, from: plan.phase, duration: segmentSeconds, onsets: 0..<segmentSeconds,
                                fadeIn: score.fadeIn, ride: [])
        return FocusSegment(score: score, wholeMusic: whole, form: plan.form, seed: plan.seed, phase: plan.phase)
    }

    /// The gain the player applies to segment `index`: sin θ over its head (not segment 0's),
    /// cos θ over its tail, 1 between; the master limits what is heard through it.
    func playerGain(_ index: Int) -> [GainPoint] {
        let fade = crossfadeSeconds
        guard fade > 0 else { return [] }
        let steps = Int((fade / 0.02).rounded(.up))
        var points: [GainPoint] = []
        if index > 0 {
            points += (0...steps).map { k in
                let t = fade * Double(k) / Double(steps)
                return GainPoint(time: t, gain: Float(sin(0.5 * Double.pi * t / fade)))
            }
        }
        let tailStart = segmentSeconds - fade
        points += (0...steps).map { k in
            let t = fade * Double(k) / Double(steps)
            return GainPoint(time: tailStart + t, gain: Float(cos(0.5 * Double.pi * t / fade)))
        }
        return points
    }

    /// Where a segment's master measures its loudness: its edges, each the crossfade and as much
    /// again (segment 0, which fades in, only its tail). Every segment's edges are verse phrases
    /// on the tonic at one energy, so normalising them brings neighbours to one level where they
    /// meet, and the middle — a chorus, a verse or a breakdown — keeps its own level against
    /// them, as a section of one long piece would; normalising whole segments instead made the
    /// seams step by up to 3 dB between a segment with a loud middle and one with a soft one.
    func loudnessReference(_ index: Int) -> [Range<Double>] {
        let edge = min(2 * crossfadeSeconds, segmentSeconds / 2)
        guard edge >= 3 else { return [] }
        let tail = (segmentSeconds - edge)..<segmentSeconds
        return index == 0 ? [tail] : [0..<edge, tail]
    }

    /// The gain ride that keeps the loudness level through both crossfades of a segment.
    ///
    /// A player joins segments with equal-power gains, cos θ on the outgoing and sin θ on the
    /// incoming one, θ going from 0 to π/2 over the overlap. Because notes are handed over
    /// (`FocusPlan.handOverSeconds`), only one segment carries the music at any moment of the
    /// overlap, and a fade meant for two full-level signals would leave it up to 3 dB down. So each
    /// segment carries the inverse of its player gain while it holds the music: 1/cos θ in its
    /// tail up to the hand-over, 1/sin θ in its head from the hand-over on. Around that, what it
    /// still sounds (the outgoing one's decaying notes, the incoming one's entering pads) keeps
    /// the gain reached at the hand-over, so the ride is continuous and peaks near +3 dB there.
    /// Texture parts, which both segments play throughout, are two uncorrelated signals as equal
    /// power assumes, and get no ride (see `window`). A crossfade under a second has no
    /// hand-over and gets no ride.
    func crossfadeRide(handOverIn: Double?, handOverOut: Double) -> [GainPoint] {
        let fade = crossfadeSeconds
        guard fade >= 1 else { return [] }
        let step = 0.02
        var points: [GainPoint] = []
        func theta(_ t: Double) -> Double { 0.5 * Double.pi * min(1, max(0, t / fade)) }
        if let handOver = handOverIn {
            let held = Float(1 / sin(theta(handOver)))
            points.append(GainPoint(time: 0, gain: held))
            var t = handOver
            while t < fade {
                points.append(GainPoint(time: t, gain: Float(1 / sin(theta(t)))))
                t += step
            }
            points.append(GainPoint(time: fade, gain: 1))
        }
        let tailStart = segmentSeconds - fade
        points.append(GainPoint(time: tailStart, gain: 1))
        var t = tailStart + step
        while t < handOverOut {
            points.append(GainPoint(time: t, gain: Float(1 / cos(theta(t - tailStart)))))
            t += step
        }
        points.append(GainPoint(time: handOverOut, gain: Float(1 / cos(theta(handOverOut - tailStart)))))
        return points
    }

    /// The part of `score` from `start` for `duration` seconds, moved to start at zero, keeping
    /// only notes whose onsets fall in `onsets` (window time): the others belong to the
    /// neighbouring segments (see `FocusPlan.handOverSeconds`). Texture parts (noise, seeded
    /// per segment and so uncorrelated) play throughout; every other part takes `ride`.
    static func window(_ score: Score, from start: Double, duration: Double, onsets: Range<Double>,
                       fadeIn: Double, ride: [GainPoint]) -> Score {
        var windowed = score
        windowed.duration = duration
        windowed.fadeIn = fadeIn
        windowed.fadeOut = 0
        windowed.parts = score.parts.map { part in
            var part = part
            let isTexture = part.stem == .texture
            part.notes = part.notes.compactMap { note in
                var note = note
                note.start -= start
                guard note.start < duration else { return nil }
                // A note struck before the first onset belongs to the outgoing segment. A held one
                // (a pad, a drone) that would still sound for a second enters here at the
                // hand-over, as the outgoing segment's copy fades: the harmony need not wait for
                // the next chord change. Texture enters at the very start.
                let entry = isTexture ? 0 : onsets.lowerBound
                guard isTexture || note.start < onsets.upperBound else { return nil }
                if note.start < entry {
                    let remaining = note.duration - (entry - note.start)
                    guard isTexture || note.duration >= 1.5, remaining >= 1 else { return nil }
                    note.start = entry
                    note.duration = remaining
                }
                return note
            }
            // Rides may begin before zero: the renderer interpolates from the last point before it.
            part.ride = part.ride.map { GainPoint(time: $0.time - start, gain: $0.gain) }
            if !isTexture { part.outputRide = ride }
            return part
        }
        return windowed
    }
}

/// One segment's score and how it was laid out.
struct FocusSegment: Sendable {
    var score: Score
    /// Every note of the segment's window, without hand-over or rides: what the leveller reads.
    var wholeMusic: Score
    var form: Form
    var seed: UInt64
    /// Seconds between the segment's first bar line (before its start) and its first sample.
    var phase: Double
}

/// Why a focus stream cannot be made.
public enum FocusStreamError: Error, CustomStringConvertible, Equatable {
    case invalidSegment(Double, max: Int)
    case invalidCrossfade(Double, segment: Double)

    public var description: String {
        switch self {
        case .invalidSegment(let seconds, let max):
            "segment length \(seconds) s is outside this engine's range of 4 to \(max) seconds"
        case .invalidCrossfade(let seconds, let segment):
            "crossfade \(seconds) s must be between 0 and half the segment length (\(segment / 2) s)"
        }
    }
}

/// What rendering one segment measured and decided.
public struct FocusSegmentReport: Sendable, Codable, Equatable {
    public var index: Int
    /// Where the segment starts in the joined stream.
    public var startSeconds: Double
    public var durationSeconds: Double
    public var crossfadeSeconds: Double
    public var frames: Int
    public var sampleRate: Int
    public var engineKey: String
    public var engineVersion: String
    public var bpm: Double
    public var key: String
    /// The stream's seed; `segmentSeed` is the one this segment's material was drawn from.
    public var seed: UInt64
    public var segmentSeed: UInt64
    public var loudnessLUFS: Double
    public var truePeakDBTP: Double
    public var masterGainDB: Double
    public var sections: [String]
    public var noteCount: Int
    public var peaks: [Float]
    public var licence: LicenceTerms

    enum CodingKeys: String, CodingKey {
        case index, startSeconds = "start_seconds", durationSeconds = "duration_seconds", crossfadeSeconds = "crossfade_seconds"
        case frames, sampleRate = "sample_rate", engineKey = "engine_key", engineVersion = "engine_version", bpm, key, seed
        case segmentSeed = "segment_seed", loudnessLUFS = "loudness_lufs", truePeakDBTP = "true_peak_dbtp"
        case masterGainDB = "master_gain_db", sections, noteCount = "note_count", peaks, licence
    }
}
