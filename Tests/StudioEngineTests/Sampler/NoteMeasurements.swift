import Foundation
import StudioAudio

/// A stereo note as rendered by one player, and what the FluidSynth comparison measures on it.
///
/// Every measurement is defined once here and applied identically to our render and to
/// FluidSynth's, so a difference between the two sides is a difference between the players,
/// not between two ways of measuring.
struct RenderedNote {
    let left: [Float]
    let right: [Float]
    let sampleRate: Double

    /// Louder of the two channels, sample by sample: a hard-panned layer counts fully.
    private func magnitude(_ i: Int) -> Float { max(abs(left[i]), abs(right[i])) }

    var peak: Float { left.indices.reduce(0) { max($0, magnitude($1)) } }

    /// First sample within 40 dB of the peak: where the note starts, whatever latency or
    /// silent lead-in either player adds. Aligning by threshold rather than by nominal time
    /// also absorbs FluidSynth's event timing, which is quantised to its 64-sample blocks.
    var onset: Int {
        let threshold = peak * 0.01
        return left.indices.first { magnitude($0) >= threshold } ?? 0
    }

    /// Seconds from the onset until the signal falls below −60 dB of its peak for good (the
    /// last sample above it): the decay, the release after note-off and any sample end count.
    var duration: Double {
        let threshold = peak * 0.001
        let last = left.indices.last { magnitude($0) >= threshold } ?? 0
        return Double(last - onset) / sampleRate
    }

    /// The mid signal (L+R)/2 from `start`, `count` samples.
    func mid(from start: Int, count: Int) -> [Float] {
        (start..<(start + count)).map { $0 < left.count ? 0.5 * (left[$0] + right[$0]) : 0 }
    }

    /// Largest sample-to-sample step in either channel over `range`, relative to the RMS of the
    /// mid signal there: a click at a loop seam is a step far larger than the waveform's own
    /// slope, and dividing by the level makes the figure independent of each player's gain.
    func largestStep(in range: Range<Int>) -> Double {
        var step: Float = 0, energy = 0.0
        for i in range.lowerBound + 1..<range.upperBound {
            step = max(step, abs(left[i] - left[i - 1]), abs(right[i] - right[i - 1]))
            let m = Double(left[i] + right[i]) * 0.5
            energy += m * m
        }
        return Double(step) / (energy / Double(range.count - 1)).squareRoot()
    }
}

/// Spectral measurements shared by both sides of the comparison.
enum NoteSpectrum {
    /// Pitch window: 32768 samples (0.74 s at 44.1 kHz) zero-padded four times, so that the
    /// parabolic peak interpolation works on a finely sampled main lobe; the error of the
    /// estimate is then far below a cent for any partial above 30 Hz.
    static let pitchWindow = 32768
    private static let pitchFFT = FFT(size: 131_072)
    /// Band window: one second (44100 samples) zero-padded to 65536.
    private static let bandFFT = FFT(size: 65536)

    /// Magnitude spectrum of `x` under a Hann window, zero-padded to the FFT's size.
    static func hannMagnitudes(_ x: [Float]) -> [Double] {
        let n = x.count
        var real = [Float](repeating: 0, count: pitchFFT.size), imaginary = real
        for i in 0..<n { real[i] = x[i] * Float(0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n))) }
        pitchFFT.transform(real: &real, imaginary: &imaginary)
        return (0...(pitchFFT.size / 2)).map { Double(real[$0] * real[$0] + imaginary[$0] * imaginary[$0]).squareRoot() }
    }

    /// Strongest peak within ±6 % (about a semitone) of `frequency`, refined by a parabola
    /// through the log magnitudes of the peak bin and its neighbours (exact for a Gaussian
    /// lobe, and very close for Hann). Returns its frequency and magnitude.
    static func peak(in magnitudes: [Double], near frequency: Double, sampleRate: Double) -> (frequency: Double, magnitude: Double) {
        let binWidth = sampleRate / Double(pitchFFT.size)
        let lo = max(2, Int(frequency / 1.06 / binWidth)), hi = min(magnitudes.count - 3, Int(frequency * 1.06 / binWidth))
        let bin = (lo...hi).max { magnitudes[$0] < magnitudes[$1] }!
        let (a, b, c) = (log(magnitudes[bin - 1] + 1e-30), log(magnitudes[bin] + 1e-30), log(magnitudes[bin + 1] + 1e-30))
        let denominator = a - 2 * b + c
        let offset = denominator == 0 ? 0 : 0.5 * (a - c) / denominator
        return ((Double(bin) + offset) * binWidth, magnitudes[bin])
    }

    /// The harmonic (1…8, below 5 kHz) with the most energy in `reference` near its nominal
    /// frequency: low piano and bass notes carry little energy in the fundamental itself, and
    /// a sampled note's partials all move with the playback rate, so the fundamental is
    /// measured as the strongest partial's frequency divided by its number.
    static func strongestHarmonic(_ reference: [Double], nominal: Double, sampleRate: Double) -> Int {
        let candidates = (1...8).filter { Double($0) * nominal < 5000 }
        return candidates.max { peak(in: reference, near: Double($0) * nominal, sampleRate: sampleRate).magnitude
            < peak(in: reference, near: Double($1) * nominal, sampleRate: sampleRate).magnitude } ?? 1
    }

    /// 1/3-octave band centres (base-2, 1 kHz reference) from 50 Hz to 12.5 kHz: 25 bands.
    static let bandCentres: [Double] = (-13...11).map { 1000 * pow(2, Double($0) / 3) }

    /// Power per 1/3-octave band over one second from `start`, left and right summed. The
    /// segment starts at the onset, so only its end needs a taper: a 50 ms raised-cosine fade
    /// keeps the truncation of a still-sounding note from leaking into every band.
    static func bandPowers(_ note: RenderedNote, from start: Int) -> [Double] {
        let count = Int(note.sampleRate), fade = Int(note.sampleRate * 0.05)
        var power = [Double](repeating: 0, count: bandFFT.size / 2 + 1)
        for channel in [note.left, note.right] {
            var real = [Float](repeating: 0, count: bandFFT.size), imaginary = real
            for i in 0..<count where start + i < channel.count {
                let fromEnd = count - 1 - i
                let taper = fromEnd < fade ? Float(0.5 - 0.5 * cos(Double.pi * Double(fromEnd) / Double(fade))) : 1
                real[i] = channel[start + i] * taper
            }
            bandFFT.transform(real: &real, imaginary: &imaginary)
            for k in power.indices { power[k] += Double(real[k] * real[k] + imaginary[k] * imaginary[k]) }
        }
        let binWidth = note.sampleRate / Double(bandFFT.size)
        return bandCentres.map { centre in
            let lo = Int((centre * pow(2, -1.0 / 6) / binWidth).rounded(.up))
            let hi = Int((centre * pow(2, 1.0 / 6) / binWidth).rounded(.down))
            return (lo...hi).reduce(0) { $0 + power[$1] }
        }
    }

    /// RMS in dB of the band-level differences after matching overall level: our band powers
    /// are scaled so their total equals FluidSynth's, and both sides' levels are floored 60 dB
    /// below FluidSynth's loudest band (bands that quiet are inaudible under the rest, and their
    /// dB values are dominated by noise and numerical leakage). Also returns the per-band diffs.
    static func bandDifference(ours: [Double], theirs: [Double]) -> (rms: Double, diffs: [Double]) {
        let gain = theirs.reduce(0, +) / max(ours.reduce(0, +), 1e-300)
        let theirLevels = theirs.map { 10 * log10(max($0, 1e-300)) }
        let floor = theirLevels.max()! - 60
        let diffs = zip(ours, theirLevels).map { max(10 * log10(max($0 * gain, 1e-300)), floor) - max($1, floor) }
        return ((diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot(), diffs)
    }
}
