import Foundation

/// Basses: a round, plucked electric-style bass for lofi, a filtered saw-and-square synth bass for
/// dance music, and a slow sub drone for ambient.
struct BassSynth: Instrument {
    enum Character: Sendable { case round, synth, sub }
    var character: Character
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        BassVoice(note: note, character: character, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class BassVoice: Voice {
    private var main: PolyBLEPOscillator
    private var sub = PolyBLEPOscillator(waveform: .sine)
    private var filter: StateVariableFilter
    private var amp: RampedEnvelope
    private var gate: Gate
    private let increment: Float
    private let character: BassSynth.Character
    private let gain: (left: Float, right: Float)
    private let cutoffBase: Float, cutoffDepth: Float, filterDecay: Float
    private var filterEnv: Float = 1
    private var counter = 0
    private var subPhase: Float = 0

    init(note: NoteEvent, character: BassSynth.Character, brightness: Float, pan: Float, sampleRate: Float) {
        self.character = character
        increment = frequency(ofMIDINote: note.pitch) / sampleRate
        gate = Gate(note: note, sampleRate: sampleRate)
        filter = StateVariableFilter(sampleRate: sampleRate)
        let a = amplitude(forVelocity: note.velocity)
        let pans = panGains(pan * 0.3)
        switch character {
        case .round:
            main = PolyBLEPOscillator(waveform: .triangle)
            amp = RampedEnvelope(Envelope(attack: 0.004, decay: 0.6, sustain: 0.55, release: 0.07, sampleRate: sampleRate))
            cutoffBase = 350 + brightness * 500
            cutoffDepth = 900 * note.velocity
            filterDecay = expf(-1 / (0.12 * sampleRate))
            gain = (a * pans.left * 0.9, a * pans.right * 0.9)
        case .synth:
            main = PolyBLEPOscillator(waveform: .saw)
            amp = RampedEnvelope(Envelope(attack: 0.002, decay: 0.25, sustain: 0.7, release: 0.04, sampleRate: sampleRate))
            cutoffBase = 180 + brightness * 600
            cutoffDepth = 1800 * note.velocity * (0.5 + brightness)
            filterDecay = expf(-1 / (0.09 * sampleRate))
            gain = (a * pans.left * 0.55, a * pans.right * 0.55)
        case .sub:
            main = PolyBLEPOscillator(waveform: .sine)
            amp = RampedEnvelope(Envelope(attack: 2.0, decay: 1.0, sustain: 0.9, release: 3.0, sampleRate: sampleRate))
            cutoffBase = 400
            cutoffDepth = 0
            filterDecay = 1
            gain = (a * pans.left * 0.8, a * pans.right * 0.8)
        }
        filter.set(cutoff: cutoffBase + cutoffDepth, resonance: character == .synth ? 1.4 : 0.8)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (main, sub, filter, amp, gate) = (self.main, self.sub, self.filter, self.amp, self.gate)
        var (filterEnv, counter, subPhase) = (self.filterEnv, self.counter, self.subPhase)
        let (increment, character, gain) = (self.increment, self.character, self.gain)
        let resonance: Float = character == .synth ? 1.4 : 0.8
        let step16 = powf(filterDecay, 16)
        for i in 0..<frames {
            if gate.releasesNow() { amp.noteOff() }
            let env = amp.next()
            var x: Float
            switch character {
            case .round:
                x = main.next(increment: increment) * 0.7 + sub.next(increment: increment) * 0.6
            case .synth:
                // The sine doubles the saw's fundamental rather than an octave under it: a sub
                // octave put the root at 25–45 Hz, below what earbuds and laptops reproduce, and
                // spent the limiter's headroom on it.
                x = main.next(increment: increment) * 0.6 + sub.next(increment: increment) * 0.45
            case .sub:
                // Pure sines need no band-limiting: two table lookups on one phase.
                x = FastSine.sin(cycles: subPhase) + FastSine.sin(cycles: subPhase * 2) * 0.25
                subPhase += increment
                if subPhase >= 1 { subPhase -= 1 }
            }
            if character != .sub {
                // The filter envelope is updated every 16 samples: smooth enough, far cheaper.
                if counter & 15 == 0 {
                    filterEnv *= step16
                    filter.set(cutoff: cutoffBase + cutoffDepth * filterEnv, resonance: resonance)
                }
                counter += 1
                x = filter.lowpass(x)
                if character == .synth {
                    // A little drive: the harmonics it adds carry the line on small speakers.
                    x = Saturation.soft(x * 1.6) * 0.75
                }
            }
            let y = x * env
            left[i] += y * gain.left
            right[i] += y * gain.right
        }
        (self.main, self.sub, self.filter, self.amp, self.gate) = (main, sub, filter, amp, gate)
        (self.filterEnv, self.counter, self.subPhase) = (filterEnv, counter, subPhase)
        return amp.isAudible
    }
}
