import Foundation

/// Tempo-syncable ping-pong delay with filtered feedback. WET ONLY, overwrites outputs.
///
/// Topology: the mono sum of the send feeds the left line; the left line's output feeds the right
/// line, whose output feeds back into the left. So echoes alternate left (at D, 3D, …) and right
/// (at 2D, 4D, …), each one `feedback` times the previous. This is the classic ping-pong: it stays
/// wide even for a centred mono source.
///
/// The feedback path is band-limited like a tape or BBD echo: a one-pole low-pass (cutoff
/// 20 kHz·0.05^damping, so 0.4 → ≈ 6 kHz, 1 → 1 kHz; bypassed at exactly 0) makes each repeat
/// darker, and a one-pole 60 Hz high-pass stops low end piling up. Neither filter touches the
/// first two echoes. The low-pass is the impulse-invariant kind, y += c·(x − y): unlike the TPT
/// `OnePole` it does not force a zero at Nyquist, so light damping stays light.
/// Delay times are whole samples (±0.5 sample of the requested time): echoes need no
/// interpolation, and changing the time jumps rather than glides.
/// Cost: ≈ 12 flops and 4 memory accesses per stereo frame; measured ≈ 4.2 ns/frame (release,
/// AMD EPYC dev machine).
final class StereoDelay {
    let sampleRate: Float
    /// Seconds, clamped to [1 sample, the maximum given at init].
    var delaySeconds: Float { didSet { updateDelay() } }
    /// Gain per repeat, clamped to [0, 0.98].
    var feedback: Float
    /// 0 = unfiltered repeats, 1 = dark.
    var damping: Float { didSet { updateDamping() } }

    private let buffer: UnsafeMutablePointer<Float>   // left line, then right line
    private let size: Int
    private let mask: Int
    private var index = 0
    private var delaySamples = 1
    private var lowpassCoefficient: Float = 1
    private var lowpassState: Float = 0
    private var highpass: OnePole

    /// The delay length in seconds of `beats` beats at `bpm` (e.g. 0.75 for a dotted eighth).
    static func seconds(beats: Float, bpm: Float) -> Float {
        beats * 60 / max(bpm, 1)
    }

    /// `maxDelaySeconds` bounds later changes of `delaySeconds` (default: 2 s or the initial time).
    init(sampleRate: Float, delaySeconds: Float, feedback: Float, damping: Float = 0.4, maxDelaySeconds: Float = 2) {
        self.sampleRate = sampleRate
        self.delaySeconds = delaySeconds
        self.feedback = feedback
        self.damping = damping
        let longest = Int((max(maxDelaySeconds, delaySeconds) * sampleRate).rounded(.up)) + 2
        var n = 2
        while n < longest { n <<= 1 }
        size = n
        mask = n - 1
        buffer = .allocate(capacity: 2 * n)
        buffer.initialize(repeating: 0, count: 2 * n)
        highpass = OnePole(cutoff: 60, sampleRate: sampleRate)
        updateDelay()
        updateDamping()
    }

    deinit { buffer.deallocate() }

    private func updateDelay() {
        let samples = Int((delaySeconds * sampleRate).rounded())
        delaySamples = min(max(samples, 1), size - 2)
    }

    private func updateDamping() {
        let d = min(max(damping, 0), 1)
        let cutoff = 20_000 * powf(0.05, d)
        lowpassCoefficient = d == 0 ? 1 : 1 - expf(-2 * Float.pi * min(cutoff, 0.49 * sampleRate) / sampleRate)
    }

    /// WET ONLY, overwrites outputs.
    func process(inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>, outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>, frames: Int) {
        let left = buffer, right = buffer + size
        let fb = min(max(feedback, 0), 0.98)
        let c = lowpassCoefficient, mask = mask, delay = delaySamples
        var lp = lowpassState, hp = highpass, index = index   // locals: no exclusivity checks in the loop
        for f in 0..<frames {
            let read = (index - delay) & mask
            let l = left[read]
            let r = right[read]
            // Filter once per round trip (on the way back into the left line), so each repeat
            // after the first two is one filter pass darker.
            lp = DSPMath.flush(lp + c * (r - lp))
            let back = hp.highpass(lp)
            left[index] = DSPMath.flush(0.5 * (inLeft[f] + inRight[f]) + fb * back)
            right[index] = DSPMath.flush(fb * l)
            index = (index + 1) & mask
            outLeft[f] = l
            outRight[f] = r
        }
        lowpassState = lp
        highpass = hp
        self.index = index
    }

    func reset() {
        buffer.update(repeating: 0, count: 2 * size)
        lowpassState = 0
        highpass.reset()
    }
}
