import Foundation

/// Struck bells and glass by FM: a 1 : 3.5 operator pair for the inharmonic ring, whose index
/// falls so the strike is bright and the tail pure, plus a faint partial at 2.76× for shimmer.
struct Bells: Instrument {
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        BellVoice(note: note, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class BellVoice: Voice {
    private var carrier: Float = 0, modulator: Float = 0, shimmer: Float = 0
    private let increment: Float
    private var index: Float
    private let indexDecay: Float
    private var level: Float = 1
    private let decay: Float
    private var shimmerLevel: Float
    private let shimmerDecay: Float
    private var attack: Float = 0
    private let attackStep: Float
    private var gate: Gate
    private var released = false
    private let releaseDecay: Float
    private let gain: (left: Float, right: Float)

    init(note: NoteEvent, brightness: Float, pan: Float, sampleRate: Float) {
        increment = frequency(ofMIDINote: note.pitch) / sampleRate
        // The second sideband pair sits at 8·f: keep it below 0.4·fs, so that high bells rendered
        // at half rate stay clean (at 48 kHz this never bites below G7).
        let f = frequency(ofMIDINote: note.pitch)
        index = (1.2 + 2.5 * brightness) * note.velocity * min(1, 0.4 * sampleRate / (8 * f))
        indexDecay = expf(-1 / (0.5 * sampleRate))
        let t60 = max(1.5, 5.5 - Float(note.pitch - 72) * 0.08)
        decay = powf(0.001, 1 / (t60 * sampleRate))
        shimmerLevel = 0.25
        shimmerDecay = powf(0.001, 1 / (t60 * 0.4 * sampleRate))
        attackStep = 1 / (0.002 * sampleRate)
        gate = Gate(note: NoteEvent(start: note.start, duration: max(note.duration, 1.5), pitch: note.pitch,
                                    velocity: note.velocity), sampleRate: sampleRate)
        releaseDecay = powf(0.001, 1 / (1.2 * sampleRate))
        let a = amplitude(forVelocity: note.velocity) * 0.35
        let pans = panGains(pan + Float((note.pitch % 5) - 2) * 0.15)
        gain = (a * pans.left, a * pans.right)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (carrier, modulator, shimmer, index, level) = (self.carrier, self.modulator, self.shimmer, self.index, self.level)
        var (shimmerLevel, attack, gate, released) = (self.shimmerLevel, self.attack, self.gate, self.released)
        let (increment, indexDecay, decay, shimmerDecay, attackStep, releaseDecay, gain) =
            (self.increment, self.indexDecay, self.decay, self.shimmerDecay, self.attackStep, self.releaseDecay, self.gain)
        for i in 0..<frames {
            if gate.releasesNow() { released = true }
            if attack < 1 { attack = min(1, attack + attackStep) }
            let m = FastSine.sin(cycles: modulator) * index * 0.159
            let phase = carrier + m
            let y = (FastSine.sin(cycles: phase) + FastSine.sin(cycles: shimmer) * shimmerLevel) * level * attack
            left[i] += y * gain.left
            right[i] += y * gain.right
            carrier += increment
            if carrier >= 1 { carrier -= 1 }
            modulator += increment * 3.5
            modulator -= DSPMath.floor(modulator)
            shimmer += increment * 2.76
            shimmer -= DSPMath.floor(shimmer)
            index *= indexDecay
            level *= released ? decay * releaseDecay : decay
            shimmerLevel *= shimmerDecay
        }
        (self.carrier, self.modulator, self.shimmer, self.index, self.level) = (carrier, modulator, shimmer, index, level)
        (self.shimmerLevel, self.attack, self.gate, self.released) = (shimmerLevel, attack, gate, released)
        return level > 1e-4
    }
}
