import Foundation
import StudioSoundFont

/// One region of one note: reads the sample at the region's pitch, loops it as the region says,
/// and shapes it with the SoundFont volume envelope (delay, attack, hold, decay, sustain,
/// release), the initial low-pass and the default velocity modulators of SoundFont 2.04 §8.4.
struct SampleLayer {
    private let data: UnsafeBufferPointer<Int16>
    private let end: Int, loopStart: Int, loopEnd: Int
    private let loopMode: SoundFontLoopMode
    private var position: Double
    private let increment: Double
    private var released = false
    private var finished = false
    private var envelope: SampleEnvelope
    private var filter: StateVariableFilter?
    private let gain: (left: Float, right: Float)

    init(region: SoundFontRegion, key: Int, velocity: Int, data: UnsafeBufferPointer<Int16>, pan: Float, outputRate: Float) {
        self.data = data
        end = region.end
        loopStart = region.loopStart
        loopEnd = region.loopEnd
        loopMode = region.loopMode
        position = Double(region.start)
        // Pitch: cents from the root key and tuning, and the sample's own rate against ours.
        let cents = Double(region.pitchShiftCents(key: key))
        increment = pow(2, cents / 1200) * Double(region.sample.sampleRate) / Double(outputRate)
        envelope = SampleEnvelope(region.volumeEnvelope, sampleRate: outputRate)
        // Default modulators: velocity → attenuation (960 cB, concave) and velocity → filter
        // cutoff (−2400 cents at the softest). Attenuation is scaled by 0.4 as FluidSynth and
        // the EMU hardware do, so levels agree with what the SoundFont was voiced on.
        let v = Double(velocity) / 127
        let velocityAttenuation = v >= 1 ? 0 : min(960, -200 * log10(max(1e-6, v * v)))
        let attenuation = 0.4 * region.initialAttenuation + velocityAttenuation
        let amplitude = Float(pow(10, -attenuation / 200))
        let cutoffCents = 1200 * log2(max(20, region.filterCutoff) / 8.176) - 2400 * (1 - v)
        let cutoff = Float(8.176 * pow(2, cutoffCents / 1200))
        if cutoff < min(19_000, outputRate * 0.45) {
            var svf = StateVariableFilter(sampleRate: outputRate)
            // Q in centibels above 0 dB resonance; 0 cB is a flat (Butterworth-like) response.
            svf.set(cutoff: cutoff, resonance: Float(max(0.707, pow(10, region.filterQ / 200) * 0.707)))
            filter = svf
        }
        let pans = panGains(max(-1, min(1, pan + Float(region.pan))))
        gain = (amplitude * pans.left, amplitude * pans.right)
    }

    var isSounding: Bool { !finished && !envelope.isFinished }

    mutating func release() {
        released = true
        envelope.release()
    }

    /// Fades out within a few milliseconds (an exclusive class was struck again).
    mutating func choke() { envelope.choke() }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        guard isSounding else { return }
        let loops = loopMode == .loopContinuously || (loopMode == .loopUntilRelease && !released)
        let loopLength = Double(loopEnd - loopStart)
        let scale: Float = 1 / 32768
        var (position, envelope, filter) = (self.position, self.envelope, self.filter)
        let base = data.baseAddress!
        for i in 0..<frames {
            if loops && position >= Double(loopEnd) { position -= loopLength }
            let index = Int(position)
            guard index + 2 < end || loops else { finished = true; break }
            let t = Float(position - Double(index))
            // Neighbours, wrapping through the loop when looping so the seam is seamless.
            let x0 = Float(base[max(index - 1, 0)])
            let x1 = Float(base[index])
            let n1 = loops && index + 1 >= loopEnd ? index + 1 - (loopEnd - loopStart) : index + 1
            let n2 = loops && index + 2 >= loopEnd ? index + 2 - (loopEnd - loopStart) : index + 2
            let x2 = Float(base[min(n1, end - 1)]), x3 = Float(base[min(n2, end - 1)])
            // 4-point, 3rd-order Hermite (Catmull-Rom) interpolation.
            let c1 = 0.5 * (x2 - x0)
            let c2 = x0 - 2.5 * x1 + 2 * x2 - 0.5 * x3
            let c3 = 0.5 * (x3 - x0) + 1.5 * (x1 - x2)
            var y = (((c3 * t + c2) * t + c1) * t + x1) * scale
            if filter != nil { y = filter!.lowpass(y) }
            y *= envelope.next()
            left[i] += y * gain.left
            right[i] += y * gain.right
            position += increment
        }
        (self.position, self.envelope, self.filter) = (position, envelope, filter)
    }
}
