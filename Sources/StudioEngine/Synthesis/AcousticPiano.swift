import Foundation

/// A piano by additive synthesis: partials stretched by string inharmonicity (f_n = n·f·√(1+B·n²)),
/// each decaying faster the higher it is, two slightly detuned strings per partial for the slow
/// beating of a real unison, a short hammer thump, and dampers on release.
///
/// Each partial is a damped complex rotation (z ← z·r·e^{iω}), sixteen of them in one SIMD16
/// register pair: eight partials × two strings cost six vector operations per sample.
struct AcousticPiano: Instrument {
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        PianoVoice(note: note, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class PianoVoice: Voice {
    private static let partials = 8
    private var real = SIMD16<Float>(repeating: 0), imaginary = SIMD16<Float>(repeating: 0)
    private var rotationReal = SIMD16<Float>(repeating: 0), rotationImaginary = SIMD16<Float>(repeating: 0)
    private var hammer: Float
    private let hammerDecay: Float
    private var noise: NoiseSource
    private var hammerFilter: OnePole
    private var gate: Gate
    private var released = false
    private var damper: Float = 1
    private let damperDecay: Float
    private let gain: (left: Float, right: Float)

    init(note: NoteEvent, brightness: Float, pan: Float, sampleRate: Float) {
        let f = frequency(ofMIDINote: note.pitch)
        let v = note.velocity
        // Inharmonicity is larger in the treble.
        let b: Float = 0.00012 * powf(2, Float(note.pitch - 48) / 18)
        // T60 of the fundamental: long in the bass, short in the treble.
        let t60 = max(1.2, 9 - Float(note.pitch - 36) * 0.12)
        // Harder and brighter notes have stronger upper partials.
        let tilt = 1.55 - 0.6 * v - 0.35 * brightness
        for n in 1...Self.partials {
            let fn = Float(n) * f * sqrtf(1 + b * Float(n * n))
            guard fn < min(9000, sampleRate * 0.45) else { break }
            let level = 0.5 / powf(Float(n), tilt)
            let perSample = powf(0.001, 1 / (t60 / (1 + 0.45 * Float(n - 1)) * sampleRate))
            for (string, detune) in [Float(-0.0006), 0.0007].enumerated() {
                let lane = (n - 1) * 2 + string
                let omega = 2 * Float.pi * fn * (1 + detune) / sampleRate
                let phase = Float(n) * 0.9 + Float(string) * 0.4
                real[lane] = level * cosf(phase)
                imaginary[lane] = level * sinf(phase)
                rotationReal[lane] = perSample * cosf(omega)
                rotationImaginary[lane] = perSample * sinf(omega)
            }
        }
        hammer = 0.12 * v * v
        hammerDecay = expf(-1 / (0.004 * sampleRate))
        noise = NoiseSource(seed: UInt32(truncatingIfNeeded: note.pitch &* 7919 &+ Int(v * 1000)))
        hammerFilter = OnePole(cutoff: 1200 + 2500 * v, sampleRate: sampleRate)
        gate = Gate(note: note, sampleRate: sampleRate)
        damperDecay = powf(0.001, 1 / (0.35 * sampleRate))
        let a = amplitude(forVelocity: v) * 0.32
        let pans = panGains(pan + Float(note.pitch - 60) * 0.012)
        gain = (a * pans.left, a * pans.right)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (real, imaginary, gate, released, damper) = (self.real, self.imaginary, self.gate, self.released, self.damper)
        var (hammer, noise, hammerFilter) = (self.hammer, self.noise, self.hammerFilter)
        let (cr, ci, damperDecay, hammerDecay, gain) = (rotationReal, rotationImaginary, self.damperDecay, self.hammerDecay, self.gain)
        for i in 0..<frames {
            if gate.releasesNow() { released = true }
            if released { damper *= damperDecay }
            let nextReal = real * cr - imaginary * ci
            imaginary = real * ci + imaginary * cr
            real = nextReal
            var y = imaginary.sum()
            if hammer > 1e-5 {
                y += hammerFilter.lowpass(noise.white()) * hammer
                hammer *= hammerDecay
            }
            y *= damper
            left[i] += y * gain.left
            right[i] += y * gain.right
        }
        (self.real, self.imaginary, self.gate, self.released, self.damper) = (real, imaginary, gate, released, damper)
        (self.hammer, self.noise, self.hammerFilter) = (hammer, noise, hammerFilter)
        let energy = (real * real + imaginary * imaginary).max() * damper * damper
        return energy > 1e-10
    }
}
