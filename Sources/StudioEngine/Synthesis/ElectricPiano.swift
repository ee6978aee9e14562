import Foundation

/// A tine electric piano by two-operator FM: a 1:1 pair whose index falls after the strike gives
/// the bell-to-mellow body, and a faint 14:1 modulator adds the metallic "tine" on the attack.
/// Velocity raises the index, so harder notes bark. A slow stereo tremolo finishes it.
struct ElectricPiano: Instrument {
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        ElectricPianoVoice(note: note, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class ElectricPianoVoice: Voice {
    /// The 1:1 modulator shares the carrier's phase, so one accumulator serves both.
    private var carrierPhase: Float = 0, tinePhase: Float = 0, tremoloPhase: Float = 0
    private let increment: Float
    private var index: Float
    private let indexDecay: Float, indexFloor: Float
    private var tine: Float
    private let tineDecay: Float
    private var amp: RampedEnvelope
    private var gate: Gate
    private let gain: (left: Float, right: Float)
    private let tremoloIncrement: Float

    init(note: NoteEvent, brightness: Float, pan: Float, sampleRate: Float) {
        let f = frequency(ofMIDINote: note.pitch)
        increment = f / sampleRate
        let v = note.velocity
        index = (0.6 + 1.6 * v) * (0.6 + brightness)
        indexFloor = 0.35 + 0.5 * brightness
        indexDecay = expf(-1 / (0.6 * sampleRate))
        // The 14:1 tine is left out where it would pass the Nyquist frequency.
        tine = 14 * f < 0.45 * sampleRate ? 0.25 * v : 0
        tineDecay = expf(-1 / (0.03 * sampleRate))
        // Lower notes ring longer, as on the real instrument.
        let decay = max(0.8, 4.5 - Float(note.pitch - 40) * 0.06)
        amp = RampedEnvelope(Envelope(attack: 0.002, decay: decay, sustain: 0, release: 0.18, sampleRate: sampleRate))
        gate = Gate(note: note, sampleRate: sampleRate)
        let a = amplitude(forVelocity: v) * 0.5
        let pans = panGains(pan)
        gain = (a * pans.left, a * pans.right)
        tremoloIncrement = 4.2 / sampleRate
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        // State lives in locals for the loop: the optimiser keeps them in registers.
        var (carrierPhase, tinePhase) = (self.carrierPhase, self.tinePhase)
        var (index, tine, amp, gate) = (self.index, self.tine, self.amp, self.gate)
        let (increment, indexDecay, indexFloor, tineDecay, gain) = (self.increment, self.indexDecay, self.indexFloor, self.tineDecay, self.gain)
        var tremoloPhase = self.tremoloPhase
        var gainLeft: Float = 0, gainRight: Float = 0
        for i in 0..<frames {
            // The tremolo moves slowly: a new value every 32 samples (0.7 ms) has no audible steps.
            if i & 31 == 0 {
                let tremolo = FastSine.sin(cycles: tremoloPhase) * 0.18
                gainLeft = gain.left * (1 + tremolo)
                gainRight = gain.right * (1 - tremolo)
                tremoloPhase += tremoloIncrement * 32
                if tremoloPhase >= 1 { tremoloPhase -= 1 }
            }
            if gate.releasesNow() { amp.noteOff() }
            let env = amp.next()
            let modulator = FastSine.sin(cycles: carrierPhase)
            var phase = carrierPhase + (index + indexFloor) * modulator * 0.159
            if tine > 1e-4 {
                phase += FastSine.sin(cycles: tinePhase) * tine * 0.159
                tinePhase += increment * 14
                tinePhase -= DSPMath.floor(tinePhase)
                tine *= tineDecay
            }
            let y = FastSine.sin(cycles: phase) * env
            left[i] += y * gainLeft
            right[i] += y * gainRight
            carrierPhase += increment
            if carrierPhase >= 1 { carrierPhase -= 1 }
            index *= indexDecay
        }
        (self.carrierPhase, self.tinePhase) = (carrierPhase, tinePhase)
        (self.index, self.tine, self.amp, self.gate) = (index, tine, amp, gate)
        self.tremoloPhase = tremoloPhase
        return amp.isAudible
    }
}
