import Foundation

/// Sustained chord pads: two detuned band-limited saws per note, each note placed in the stereo
/// field by its pitch. The tone comes from one filter shared by the whole part (`sharedFilter`,
/// applied by the part renderer): a slowly breathing low-pass for `warm`, `bright` (the wide
/// supersaw of dance music) and `strings` (which add vibrato), or vowel formants for `choir`.
struct Pad: Instrument {
    enum Character: Sendable { case warm, bright, strings, choir }
    var character: Character
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        PadVoice(note: note, character: character, pan: pan, sampleRate: sampleRate)
    }

    /// The part-level filter this pad is voiced for; give it to the `Part` that plays the pad.
    var sharedFilter: PartFilter {
        switch character {
        case .warm: PartFilter(mode: .lowpass, cutoff: 750 + 1600 * brightness, resonance: 0.9, lfoRate: 0.13, lfoDepth: 0.25)
        case .bright: PartFilter(mode: .lowpass, cutoff: 1500 + 3500 * brightness, resonance: 0.9, lfoRate: 0.13, lfoDepth: 0.2)
        case .strings: PartFilter(mode: .lowpass, cutoff: 1400 + 2500 * brightness, resonance: 0.8)
        case .choir: PartFilter(mode: .formant, cutoff: 700, resonance: 4)
        }
    }
}

final class PadVoice: Voice {
    private var oscA: PolyBLEPOscillator, oscB: PolyBLEPOscillator
    private var amp: RampedEnvelope
    private var gate: Gate
    private let incA: Float, incB: Float
    private let vibrato: Bool
    private var lfoPhase: Float
    private let lfoIncrement: Float
    private let gain: (left: Float, right: Float)
    /// How much of each saw leaks into the other channel: saw A leans left, saw B right, so
    /// their slow beating becomes width (L/R correlation well under 1) rather than a mono
    /// shimmer; the leak keeps the mono fold-down within a dB of the stereo level.
    private static let crossfeed: Float = 0.35
    /// Both saws at one level, so that the two channels are equally loud; 0.95 keeps the
    /// channel's power where the former 0.8 + 0.6 mono pair had it.
    private static let sawLevel: Float = 0.95
    private static let chunk = 256
    private let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * PadVoice.chunk)

    deinit { scratch.deallocate() }

    init(note: NoteEvent, character: Pad.Character, pan: Float, sampleRate: Float) {
        let f = frequency(ofMIDINote: note.pitch)
        let detune: Float = character == .bright ? 0.007 : 0.004
        incA = f * (1 - detune) / sampleRate
        incB = f * (1 + detune) / sampleRate
        // Start phases from the pitch, so a chord's voices never start in phase (no attack click).
        let seedPhase = Float((note.pitch * 37) % 100) / 100
        oscA = PolyBLEPOscillator(waveform: .saw, phase: seedPhase)
        oscB = PolyBLEPOscillator(waveform: .saw, phase: 1 - seedPhase * 0.5)
        let envelope: Envelope
        switch character {
        case .warm: envelope = Envelope(attack: 1.6, decay: 1.5, sustain: 0.85, release: 2.5, sampleRate: sampleRate)
        case .bright: envelope = Envelope(attack: 0.04, decay: 0.6, sustain: 0.8, release: 0.35, sampleRate: sampleRate)
        case .strings: envelope = Envelope(attack: 0.9, decay: 1.0, sustain: 0.9, release: 1.8, sampleRate: sampleRate)
        case .choir: envelope = Envelope(attack: 1.2, decay: 1.0, sustain: 0.9, release: 2.2, sampleRate: sampleRate)
        }
        amp = RampedEnvelope(envelope)
        gate = Gate(note: note, sampleRate: sampleRate)
        vibrato = character == .strings
        lfoPhase = seedPhase
        lfoIncrement = 5.2 / sampleRate
        let a = amplitude(forVelocity: note.velocity) * 0.375
        let spread = Float((note.pitch % 7) - 3) / 3 * 0.35
        let pans = panGains(pan + spread)
        gain = (a * pans.left, a * pans.right)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (oscA, oscB, amp, gate, lfoPhase) = (self.oscA, self.oscB, self.amp, self.gate, self.lfoPhase)
        let (incA, incB, gain, lfoIncrement) = (self.incA, self.incB, self.gain, self.lfoIncrement)
        if vibrato {
            for i in 0..<frames {
                if gate.releasesNow() { amp.noteOff() }
                let bend = 1 + FastSine.sin(cycles: lfoPhase) * 0.0025
                lfoPhase += lfoIncrement
                if lfoPhase >= 1 { lfoPhase -= 1 }
                let env = amp.next()
                let a = oscA.next(increment: incA * bend) * Self.sawLevel * env, b = oscB.next(increment: incB * bend) * Self.sawLevel * env
                left[i] += (a + b * Self.crossfeed) * gain.left
                right[i] += (b + a * Self.crossfeed) * gain.right
            }
        } else {
            // Oscillators in tight block loops first, then one pass for envelope and pan.
            var done = 0
            while done < frames {
                let n = min(Self.chunk, frames - done)
                let sawA = scratch, sawB = scratch + Self.chunk
                sawA.update(repeating: 0, count: n)
                sawB.update(repeating: 0, count: n)
                oscA.render(into: sawA, frames: n, increment: incA, gain: Self.sawLevel)
                oscB.render(into: sawB, frames: n, increment: incB, gain: Self.sawLevel)
                let l = left + done, r = right + done
                let crossfeed = Self.crossfeed
                for i in 0..<n {
                    if gate.releasesNow() { amp.noteOff() }
                    let env = amp.next()
                    let a = sawA[i] * env, b = sawB[i] * env
                    l[i] += (a + b * crossfeed) * gain.left
                    r[i] += (b + a * crossfeed) * gain.right
                }
                done += n
            }
        }
        (self.oscA, self.oscB, self.amp, self.gate, self.lfoPhase) = (oscA, oscB, amp, gate, lfoPhase)
        return amp.isAudible
    }
}
