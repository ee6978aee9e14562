import StudioCore

/// One note as the synthesiser plays it: times in seconds, already humanised.
public struct NoteEvent: Sendable, Equatable {
    public var start: Double
    public var duration: Double
    /// MIDI note number; for drum kits, the General MIDI percussion number.
    public var pitch: Int
    /// 0…1.
    public var velocity: Float

    public init(start: Double, duration: Double, pitch: Int, velocity: Float) {
        self.start = start
        self.duration = duration
        self.pitch = pitch
        self.velocity = velocity
    }
}

/// The bus a part belongs to; each is one stem file when stems are requested.
public enum Stem: String, Sendable, CaseIterable, Codable {
    case drums, bass, harmony, melody, texture
    /// The shared reverb and delay return, so that the stems add up to the mix.
    case ambience
}

/// A breakpoint of a gain ride: from `time` on, the part's gain moves linearly to the next point.
public struct GainPoint: Sendable, Equatable {
    public var time: Double
    public var gain: Float
    public init(time: Double, gain: Float) {
        self.time = time
        self.gain = gain
    }
}

/// A bus compressor on one part, for taming drum transients so that the master limiter does
/// not have to (which would pull the mix below its loudness target).
public struct PartCompression: Sendable, Equatable {
    public var thresholdDB: Float
    public var ratio: Float
    public var attack: Float
    public var release: Float
    public init(thresholdDB: Float, ratio: Float, attack: Float = 0.002, release: Float = 0.08) {
        self.thresholdDB = thresholdDB
        self.ratio = ratio
        self.attack = attack
        self.release = release
    }
}

/// A filter on a whole part rather than on each of its voices: a pad's chord shares one
/// breathing low-pass (or one pair of vowel formants), as an analogue polysynth's paraphonic
/// filter would, at a fraction of the cost of one filter per note.
public struct PartFilter: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case lowpass, formant }
    public var mode: Mode
    public var cutoff: Float
    public var resonance: Float
    /// A slow sine on the cutoff: rate in Hz and depth as a fraction of the cutoff.
    public var lfoRate: Float
    public var lfoDepth: Float

    public init(mode: Mode, cutoff: Float, resonance: Float, lfoRate: Float = 0, lfoDepth: Float = 0) {
        self.mode = mode
        self.cutoff = cutoff
        self.resonance = resonance
        self.lfoRate = lfoRate
        self.lfoDepth = lfoDepth
    }
}

/// One instrument's line through the whole piece.
public struct Part: Sendable {
    public var name: String
    public var stem: Stem
    public var instrument: any Instrument
    public var notes: [NoteEvent]
    /// Linear gain of the part, before the ride.
    public var gain: Float
    /// −1 (left) … +1 (right).
    public var pan: Float
    public var reverbSend: Float
    public var delaySend: Float
    /// Volume ride over time; empty means constant.
    public var ride: [GainPoint]
    public var compression: PartCompression?
    /// A ride after the compressor, where the part's level is linear in it again: a focus
    /// segment's crossfade compensation, which a compressor would otherwise flatten.
    public var outputRide: [GainPoint] = []
    public var filter: PartFilter?
    /// Rendered at half the output rate and upsampled: for parts with nothing above ~10 kHz
    /// (pads, drones, air), where it halves the cost and changes nothing audible.
    public var halfRate: Bool
    /// When the sustain pedal is down, in seconds as played. The composer has already held
    /// the notes it catches to its release (so the renderer needs nothing more); the MIDI export
    /// writes it as CC64, so that a player of the file pedals where the pianist did.
    public var pedal: [Range<Double>] = []

    public init(
        name: String, stem: Stem, instrument: any Instrument, notes: [NoteEvent] = [], gain: Float = 1,
        pan: Float = 0, reverbSend: Float = 0.2, delaySend: Float = 0, ride: [GainPoint] = [],
        compression: PartCompression? = nil, filter: PartFilter? = nil, halfRate: Bool = false
    ) {
        self.name = name
        self.stem = stem
        self.instrument = instrument
        self.notes = notes
        self.gain = gain
        self.pan = pan
        self.reverbSend = reverbSend
        self.delaySend = delaySend
        self.ride = ride
        self.compression = compression
        self.filter = filter
        self.halfRate = halfRate
    }
}

/// The shared effects a score asks for.
public struct SpaceSettings: Sendable, Equatable {
    public var reverbSeconds: Float
    public var reverbDamping: Float
    public var preDelay: Float
    public var delaySeconds: Float
    public var delayFeedback: Float
    public var reverbReturn: Float

    public init(reverbSeconds: Float, reverbDamping: Float, preDelay: Float = 0.02, delaySeconds: Float,
                delayFeedback: Float, reverbReturn: Float = 1) {
        self.reverbSeconds = reverbSeconds
        self.reverbDamping = reverbDamping
        self.preDelay = preDelay
        self.delaySeconds = delaySeconds
        self.delayFeedback = delayFeedback
        self.reverbReturn = reverbReturn
    }
}

/// Everything the renderer needs: a fully composed, humanised piece.
public struct Score: Sendable {
    public var duration: Double
    public var tempo: Double
    public var key: MusicalKey
    public var form: Form
    public var parts: [Part]
    public var space: SpaceSettings
    /// Seconds of fade-in at the start and fade-out at the very end of the master.
    public var fadeIn: Double
    public var fadeOut: Double
    /// Where the master measures the loudness it normalises to the target; empty for the whole
    /// piece. A focus segment names its edges, so that every segment meets its neighbours at one
    /// level and its middle keeps its own, louder or softer, as a section of a longer piece would.
    public var loudnessReference: [Range<Double>] = []
    /// The gain a player will apply when it plays this piece (a focus segment's crossfades):
    /// the master's limiter keeps what is heard under its ceiling, and the file itself under
    /// `Renderer.fileCeilingDBTP`. Empty for a piece played as it is.
    public var heardGain: [GainPoint] = []
    /// Tempo changes after the opening `tempo`, in beats from the start, for a composer that
    /// moves the tempo (a ritardando, rubato at phrase ends). Note times stay in seconds, as
    /// played; this says where the beats fall, which is what a MIDI export's tempo map and
    /// tick positions need. Empty: one tempo throughout.
    public var tempoChanges: [TempoChange] = []
    /// Gain in dB of the master's high shelf (from 5 kHz): how the prompt's brightness words are
    /// heard across every instrument at once. 0 leaves the top alone (see `MusicEngine`).
    public var topShelfDB: Float = 0

    public init(duration: Double, tempo: Double, key: MusicalKey, form: Form, parts: [Part],
                space: SpaceSettings, fadeIn: Double, fadeOut: Double) {
        self.duration = duration
        self.tempo = tempo
        self.key = key
        self.form = form
        self.parts = parts
        self.space = space
        self.fadeIn = fadeIn
        self.fadeOut = fadeOut
    }

    public var noteCount: Int { parts.reduce(0) { $0 + $1.notes.count } }

    /// The tempo map: the opening tempo at beat 0, then each change, in beat order.
    public var tempoMap: [TempoChange] {
        [TempoChange(beat: 0, bpm: tempo)] + tempoChanges.filter { $0.beat > 0 }.sorted { $0.beat < $1.beat }
    }

    /// Beats from the start at `seconds`, through every tempo change.
    public func beats(atSeconds seconds: Double) -> Double {
        var beat = 0.0, time = 0.0
        let map = tempoMap
        for (index, change) in map.enumerated() {
            let secondsPerBeat = 60 / change.bpm
            if index + 1 < map.count {
                let segmentSeconds = (map[index + 1].beat - change.beat) * secondsPerBeat
                if seconds < time + segmentSeconds { return beat + (seconds - time) / secondsPerBeat }
                time += segmentSeconds
                beat = map[index + 1].beat
            } else {
                return beat + (seconds - time) / secondsPerBeat
            }
        }
        return beat
    }
}

/// From `beat` on (beats from the start of the piece), the music goes at `bpm`.
public struct TempoChange: Sendable, Equatable {
    public var beat: Double
    public var bpm: Double

    public init(beat: Double, bpm: Double) {
        self.beat = beat
        self.bpm = bpm
    }
}
