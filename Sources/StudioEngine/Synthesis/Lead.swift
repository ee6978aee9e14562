import Foundation

/// Melodic voices. `soft` is a rounded triangle-and-sine lead with delayed vibrato that sits under
/// a lofi mix like a muted flute; `saw` is a brighter detuned lead for dance music.
struct Lead: Instrument {
    /// `square`: two detuned pulse waves, the hollow chiptune lead "square waves" asks for.
    enum Character: Sendable { case soft, saw, square }
    var character: Character
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        LeadVoice(note: note, character: character, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class LeadVoice: Voice {
    private var oscA: PolyBLEPOscillator, oscB: PolyBLEPOscillator
    private var filter: StateVariableFilter
    private var amp: RampedEnvelope
    private var gate: Gate
    private let increment: Float
    private var vibratoPhase: Float = 0
    private let vibratoIncrement: Float
    private var vibratoDepth: Float = 0
    private let vibratoGrowth: Float
    private let character: Lead.Character
    private let gain: (left: Float, right: Float)

    init(note: NoteEvent, character: Lead.Character, brightness: Float, pan: Float, sampleRate: Float) {
        self.character = character
        increment = frequency(ofMIDINote: note.pitch) / sampleRate
        filter = StateVariableFilter(sampleRate: sampleRate)
        switch character {
        case .soft:
            oscA = PolyBLEPOscillator(waveform: .triangle)
            oscB = PolyBLEPOscillator(waveform: .sine)
            amp = RampedEnvelope(Envelope(attack: 0.025, decay: 0.5, sustain: 0.75, release: 0.22, sampleRate: sampleRate))
            filter.set(cutoff: 1800 + 2500 * brightness, resonance: 0.7)
        case .square:
            oscA = PolyBLEPOscillator(waveform: .square)
            oscB = PolyBLEPOscillator(waveform: .square, phase: 0.37)
            amp = RampedEnvelope(Envelope(attack: 0.004, decay: 0.25, sustain: 0.7, release: 0.1, sampleRate: sampleRate))
            filter.set(cutoff: 2500 + 6000 * brightness * note.velocity, resonance: 0.8)
        case .saw:
            oscA = PolyBLEPOscillator(waveform: .saw)
            oscB = PolyBLEPOscillator(waveform: .saw, phase: 0.37)
            amp = RampedEnvelope(Envelope(attack: 0.006, decay: 0.3, sustain: 0.7, release: 0.12, sampleRate: sampleRate))
            filter.set(cutoff: 1500 + 5000 * brightness * note.velocity, resonance: 1.1)
        }
        gate = Gate(note: note, sampleRate: sampleRate)
        vibratoIncrement = 5.3 / sampleRate
        // Vibrato fades in over ~0.3 s, as a player's would.
        vibratoGrowth = 0.004 / (0.3 * sampleRate)
        let a = amplitude(forVelocity: note.velocity) * 0.45
        let pans = panGains(pan)
        gain = (a * pans.left, a * pans.right)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (oscA, oscB, filter, amp, gate) = (self.oscA, self.oscB, self.filter, self.amp, self.gate)
        var (vibratoPhase, vibratoDepth) = (self.vibratoPhase, self.vibratoDepth)
        let (increment, vibratoIncrement, vibratoGrowth, character, gain) = (self.increment, self.vibratoIncrement, self.vibratoGrowth, self.character, self.gain)
        for i in 0..<frames {
            if gate.releasesNow() { amp.noteOff() }
            let env = amp.next()
            let vibrato = 1 + FastSine.sin(cycles: vibratoPhase) * vibratoDepth
            vibratoPhase += vibratoIncrement
            if vibratoPhase >= 1 { vibratoPhase -= 1 }
            if vibratoDepth < 0.004 { vibratoDepth += vibratoGrowth }
            let x: Float
            switch character {
            case .soft:
                let phase = oscB.phase
                x = oscA.next(increment: increment * vibrato) * 0.6 + oscB.next(increment: increment * vibrato) * 0.4
                    + (2 * phase - 1) * 0.12
            case .saw, .square:
                x = oscA.next(increment: increment * vibrato * 0.997) * 0.5 + oscB.next(increment: increment * vibrato * 1.003) * 0.5
            }
            let y = filter.lowpass(x) * env
            left[i] += y * gain.left
            right[i] += y * gain.right
        }
        (self.oscA, self.oscB, self.filter, self.amp, self.gate) = (oscA, oscB, filter, amp, gate)
        (self.vibratoPhase, self.vibratoDepth) = (vibratoPhase, vibratoDepth)
        return amp.isAudible
    }
}

/// A plucked synth for arpeggios: a saw-square blend whose low-pass snaps shut after the attack.
struct Pluck: Instrument {
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        PluckVoice(note: note, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class PluckVoice: Voice {
    private var saw = PolyBLEPOscillator(waveform: .saw)
    private var square = PolyBLEPOscillator(waveform: .pulse(width: 0.3))
    private var filter: StateVariableFilter
    private var amp: RampedEnvelope
    private var gate: Gate
    private let increment: Float
    private var sweep: Float = 1
    private let sweepDecay: Float
    private let cutoffBase: Float, cutoffDepth: Float
    private let gain: (left: Float, right: Float)
    private var counter = 0

    init(note: NoteEvent, brightness: Float, pan: Float, sampleRate: Float) {
        increment = frequency(ofMIDINote: note.pitch) / sampleRate
        filter = StateVariableFilter(sampleRate: sampleRate)
        amp = RampedEnvelope(Envelope(attack: 0.002, decay: 0.35, sustain: 0.0, release: 0.08, sampleRate: sampleRate))
        gate = Gate(note: note, sampleRate: sampleRate)
        cutoffBase = 300
        cutoffDepth = 1500 + 5000 * brightness * note.velocity
        sweepDecay = powf(expf(-1 / (0.07 * sampleRate)), 8)
        filter.set(cutoff: cutoffBase + cutoffDepth, resonance: 2)
        let a = amplitude(forVelocity: note.velocity) * 0.5
        let pans = panGains(pan + (note.pitch % 2 == 0 ? 0.2 : -0.2))
        gain = (a * pans.left, a * pans.right)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (saw, square, filter, amp, gate) = (self.saw, self.square, self.filter, self.amp, self.gate)
        var (sweep, counter) = (self.sweep, self.counter)
        let (increment, sweepDecay, cutoffBase, cutoffDepth, gain) = (self.increment, self.sweepDecay, self.cutoffBase, self.cutoffDepth, self.gain)
        for i in 0..<frames {
            if gate.releasesNow() { amp.noteOff() }
            if counter & 7 == 0 {
                sweep *= sweepDecay
                filter.set(cutoff: cutoffBase + cutoffDepth * sweep, resonance: 2)
            }
            counter += 1
            let x = saw.next(increment: increment) * 0.6 + square.next(increment: increment) * 0.4
            let y = filter.lowpass(x) * amp.next()
            left[i] += y * gain.left
            right[i] += y * gain.right
        }
        (self.saw, self.square, self.filter, self.amp, self.gate) = (saw, square, filter, amp, gate)
        (self.sweep, self.counter) = (sweep, counter)
        return amp.isAudible
    }
}
