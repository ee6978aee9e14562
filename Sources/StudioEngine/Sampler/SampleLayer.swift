import Foundation
import StudioSoundFont

/// One region of one note: reads the sample at the region's pitch, loops it as the region says,
/// and shapes it with the SoundFont volume envelope (delay, attack, hold, decay, sustain,
/// release), the resonant low-pass swept by the modulation envelope, and the default
/// velocity-to-attenuation modulator of SoundFont 2.04 §8.4.
///
/// Where the spec leaves room, the layer does what FluidSynth does, since that is the player
/// the free fonts were voiced on (see "Checked against FluidSynth" in docs/ENGINES.md).
struct SampleLayer {
    private let data: UnsafeBufferPointer<Int16>
    private let end: Int, loopStart: Int, loopEnd: Int
    private let loopMode: SoundFontLoopMode
    private var position: Double
    private let increment: Double
    /// Multiplies the playback rate from the next `render` call on: MIDI pitch bend sets it
    /// between calls. At 1 the rate is exactly the region's, so unbent notes are unchanged.
    var pitchRatio: Double = 1
    private var released = false
    /// Output frames of the volume envelope's delay still to come. FluidSynth neither sounds
    /// nor moves through the sample during the delay (its voice returns before interpolating),
    /// and counts the delay in whole 64-sample blocks; so does this. The modulation envelope
    /// and LFOs keep time through it, as FluidSynth's do.
    private var silentFrames: Int
    private var finished = false
    private var envelope: SampleEnvelope
    private var filter: StateVariableFilter?
    /// The modulation envelope and LFOs, when the region gives them any depth: pitch, cutoff
    /// and volume are then recomputed once per control block rather than per sample.
    private var modulation: SampleModulation?
    /// Samples left in the current control block; `Int.max` while the modulation is steady.
    private var untilUpdate = 0
    /// The current block's playback-rate and amplitude multipliers from `modulation`.
    private var blockRatio = 1.0
    private var blockVolume: Float = 1
    /// The cutoff the filter is set to, in absolute cents (−∞ before the first block).
    private var appliedCents = -Double.infinity
    private let resonance: Float, maximumCutoff: Double
    private let gain: (left: Float, right: Float)

    /// Samples per control block: FluidSynth's block size, fine enough that a sweep or a
    /// vibrato sounds continuous and coarse enough that retuning costs nothing next to the samples.
    static let controlInterval = 64

    init(region: SoundFontRegion, key: Int, velocity: Int, data: UnsafeBufferPointer<Int16>, pan: Float, outputRate: Float,
         velocityToFilter: Bool = false, centred: Bool = false) {
        self.data = data
        end = region.end
        loopStart = region.loopStart
        loopEnd = region.loopEnd
        loopMode = region.loopMode
        position = Double(region.start)
        // Pitch: cents from the root key and tuning, and the sample's own rate against ours.
        let modulators = NoteModulators(region: region, key: key, velocity: velocity)
        let cents = Double(region.pitchShiftCents(key: key)) + modulators.tuneCents
        increment = pow(2, cents / 1200) * Double(region.sample.sampleRate) / Double(outputRate)
        envelope = SampleEnvelope(region.volumeEnvelope, sampleRate: outputRate, delayed: false)
        let delay = SampleEnvelope.delaySamples(region.volumeEnvelope.delay, sampleRate: outputRate)
        silentFrames = delay / Self.controlInterval * Self.controlInterval
        // Default modulator: velocity → attenuation (960 cB, concave). Attenuation is scaled by
        // 0.4 as FluidSynth and the EMU hardware do, so levels agree with what the SoundFont
        // was voiced on.
        let v = Double(velocity) / 127
        let velocityAttenuation = v >= 1 ? 0 : min(960, -200 * log10(max(1e-6, v * v)))
        let attenuation = 0.4 * region.initialAttenuation + velocityAttenuation + modulators.attenuation
        var amplitude = Float(pow(10, -attenuation / 200))
        // Q in centibels of resonance; 0 cB is the flat Butterworth response (Q = 1/√2). As the
        // spec asks and FluidSynth does, the gain drops by half the resonance peak's height.
        let q = min(960, max(0, region.filterQ + modulators.resonance))
        let resonance = Float(0.5.squareRoot() * pow(10, q / 200))
        amplitude *= Float(pow(10, -q / 400))
        // Default modulator: velocity → filter cutoff (−2400 cents at the softest, §8.4.2). The
        // spec's reading is off unless asked for: FluidSynth recognises this modulator and
        // returns 0 for it (fluid_mod_get_value, "to stop forcing velocity based filtering"),
        // and fonts voiced there would otherwise sound dull below full velocity. The font's own
        // velocity and key modulators (`NoteModulators`) do apply.
        let velocityCents = velocityToFilter ? 2400 * (1 - v) : 0
        // FluidSynth keeps the modulated cutoff within the generator's 1500…13500 cents.
        let cutoffCents = min(13_500, max(1500, Double(region.generators[.initialFilterFc]) - velocityCents + modulators.cutoffCents))
        let cutoffHz = 440 * exp2((cutoffCents - 6900) / 1200)
        maximumCutoff = Double(outputRate) * 0.45
        self.resonance = resonance
        modulation = SampleModulation(region: region, modulators: modulators, cutoffCents: cutoffCents, sampleRate: outputRate)
        // The low-pass always runs, even fully open: FluidSynth 2.3 no longer skips it above
        // 19 kHz but holds the cutoff at 0.45 fs, where its −3 dB point and its zero at Nyquist
        // take the top octave off bright attacks (a bell tree's, a hi-hat's); skipping it made
        // those notes' decays measure up to 0.8 s shorter against their peaks than FluidSynth's.
        var svf = StateVariableFilter(sampleRate: outputRate)
        svf.set(cutoff: Float(min(cutoffHz, maximumCutoff)), resonance: resonance)
        filter = svf
        // `centred`: one channel of a stereo pair stands for both (`SampledInstrument.monoSource`):
        // the region's hard pan is ignored, and √2 keeps the pair's level.
        if centred { amplitude *= Float(2).squareRoot() }
        let regionPan = Float(max(-1, min(1, region.pan + modulators.pan / 500)))
        let pans = panGains(max(-1, min(1, pan + (centred ? 0 : regionPan))))
        gain = (amplitude * pans.left, amplitude * pans.right)
    }

    var isSounding: Bool { !finished && !envelope.isFinished }

    mutating func release() {
        released = true
        envelope.release()
        if modulation != nil {
            modulation!.release()
            untilUpdate = 0
        }
    }

    /// Fades out within a few milliseconds (an exclusive class was struck again).
    mutating func choke() { envelope.choke() }

    mutating func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        var done = 0
        if silentFrames > 0 {
            done = min(frames, silentFrames)
            silentFrames -= done
            if modulation != nil { run(left: left, right: right, frames: done, silent: true) }
        }
        guard done < frames else { return }
        guard modulation != nil else { return renderRun(left: left + done, right: right + done, frames: frames - done) }
        run(left: left + done, right: right + done, frames: frames - done, silent: false)
    }

    /// Renders (or, `silent`, only keeps time for) `frames` in control blocks.
    private mutating func run(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int,
                              silent: Bool) {
        var done = 0
        while done < frames && isSounding {
            if untilUpdate == 0 { control() }
            let count = min(frames - done, untilUpdate)
            if !silent { renderRun(left: left + done, right: right + done, frames: count) }
            if untilUpdate != .max { untilUpdate -= count }
            done += count
        }
    }

    /// Takes the next control block's pitch, volume and cutoff from the modulation; once it
    /// holds still, no more blocks until the release.
    private mutating func control() {
        guard var modulation else { return }
        let block = modulation.next(advancing: Self.controlInterval)
        (blockRatio, blockVolume) = (block.pitchRatio, block.volume)
        // A long release moves the cutoff by hundredths of a cent per block: below a cent the
        // coefficients are left alone, which spares the tangent on most blocks of a fading note.
        if modulation.movesCutoff, var svf = filter, abs(block.cutoffCents - appliedCents) >= 1 {
            let hertz = 8.176 * exp2(block.cutoffCents / 1200)
            svf.set(cutoff: Float(min(hertz, maximumCutoff)), resonance: resonance)
            appliedCents = block.cutoffCents
            filter = svf
        }
        untilUpdate = modulation.isSteady ? .max : Self.controlInterval
        self.modulation = modulation
    }

    private mutating func renderRun(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        guard isSounding else { return }
        let loops = loopMode == .loopContinuously || (loopMode == .loopUntilRelease && !released)
        var (position, envelope, filter) = (self.position, self.envelope, self.filter)
        let base = data.baseAddress!
        let (gl, gr, increment) = (gain.left * blockVolume, gain.right * blockVolume, self.increment * pitchRatio * blockRatio)
        // Far from the loop seam and the sample's ends no index needs checking: the common case
        // runs in a tight loop; the few samples near an edge take the careful path.
        let safeEnd = Double((loops ? loopEnd : end) - 3)
        var i = 0
        while i < frames {
            if position >= 1 && position < safeEnd {
                let run = min(frames - i, Int((safeEnd - position) / increment) + 1)
                // The run uses a 32.32 fixed-point position: integer index and fraction without
                // a float-to-int conversion per sample.
                var fixed = Int64(position * 4_294_967_296)
                let step = Int64(increment * 4_294_967_296)
                if var svf = filter {
                    for j in i..<(i + run) {
                        let y = svf.lowpass(Self.interpolate(base, fixed)) * envelope.next()
                        left[j] += y * gl
                        right[j] += y * gr
                        fixed += step
                    }
                    filter = svf
                } else {
                    for j in i..<(i + run) {
                        let y = Self.interpolate(base, fixed) * envelope.next()
                        left[j] += y * gl
                        right[j] += y * gr
                        fixed += step
                    }
                }
                position = Double(fixed) / 4_294_967_296
                i += run
                continue
            }
            // Near an edge: wrap through the loop, or stop at the end of the sample.
            if loops && position >= Double(loopEnd) { position -= Double(loopEnd - loopStart) }
            let index = Int(position)
            guard index + 2 < end || loops else { finished = true; break }
            let t = Float(position - Double(index))
            let x0 = Float(base[max(index - 1, 0)])
            let x1 = Float(base[index])
            let n1 = loops && index + 1 >= loopEnd ? index + 1 - (loopEnd - loopStart) : index + 1
            let n2 = loops && index + 2 >= loopEnd ? index + 2 - (loopEnd - loopStart) : index + 2
            let x2 = Float(base[min(n1, end - 1)]), x3 = Float(base[min(n2, end - 1)])
            var y = Self.hermite(x0, x1, x2, x3, t) * Self.scale
            if filter != nil { y = filter!.lowpass(y) }
            y *= envelope.next()
            left[i] += y * gl
            right[i] += y * gr
            position += increment
            i += 1
        }
        (self.position, self.envelope, self.filter) = (position, envelope, filter)
    }

    private static let scale: Float = 1 / 32768

    /// 4-point, 3rd-order Hermite (Catmull-Rom) interpolation between x1 and x2.
    @inline(__always)
    private static func hermite(_ x0: Float, _ x1: Float, _ x2: Float, _ x3: Float, _ t: Float) -> Float {
        let c1 = 0.5 * (x2 - x0)
        let c2 = x0 - 2.5 * x1 + 2 * x2 - 0.5 * x3
        let c3 = 0.5 * (x3 - x0) + 1.5 * (x1 - x2)
        return ((c3 * t + c2) * t + c1) * t + x1
    }

    @inline(__always)
    private static func interpolate(_ base: UnsafePointer<Int16>, _ fixed: Int64) -> Float {
        let index = Int(truncatingIfNeeded: fixed >> 32)
        let t = Float(UInt32(truncatingIfNeeded: fixed)) * 0x1p-32
        return hermite(Float(base[index - 1]), Float(base[index]), Float(base[index + 1]), Float(base[index + 2]), t) * scale
    }
}
