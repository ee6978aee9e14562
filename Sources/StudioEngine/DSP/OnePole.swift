import Foundation

/// 6 dB/oct low/high-pass for smoothing, tone controls and damping.
///
/// Design choice: the trapezoidal (TPT) one-pole, G = g/(1+g) with g = tan(π·fc/fs), rather than
/// the impulse-invariant y += (1−e^(−2πfc/fs))(x−y). Both cost the same per sample; the TPT one
/// is exactly −3 dB at fc at any cutoff and has a true zero at Nyquist, so tone controls set near
/// the top of the band do what they say. (Zavalishin, "The Art of VA Filter Design", ch. 3.)
///
/// `lowpass` and `highpass` advance the same state: use one of them per instance.
/// Cost: 3 multiply-adds per sample (≈ 1–2 ns, latency-bound).
struct OnePole {
    private var gain: Float = 0
    private var state: Float = 0
    private var tick: UInt32 = 0

    init(cutoff: Float, sampleRate: Float) {
        setCutoff(cutoff, sampleRate: sampleRate)
    }

    /// Clamped to [0.1 Hz, 0.49·fs].
    mutating func setCutoff(_ hz: Float, sampleRate: Float) {
        let fc = min(max(hz, 0.1), 0.49 * sampleRate)
        let g = tanf(Float.pi * fc / sampleRate)
        gain = g / (1 + g)
    }

    @inline(__always)
    mutating func lowpass(_ x: Float) -> Float {
        let v = (x - state) * gain
        let y = v + state
        state = y + v
        tick &+= 1
        if tick % DSPMath.flushInterval == 0 { state = DSPMath.flush(state) }
        return y
    }

    @inline(__always)
    mutating func highpass(_ x: Float) -> Float {
        x - lowpass(x)
    }

    mutating func reset(to value: Float = 0) {
        state = value
    }
}
