import Foundation

/// How much of a recording's tonal content falls on each of the twelve pitch classes.
///
/// Used to check that rendered music is in the key it was asked for, so it favours reliability
/// on whole tracks over time resolution: long frames (8192 samples, 170 ms at 48 kHz, hop 4096)
/// give the frequency resolution that bass notes need, and the result is one profile summed over
/// the whole signal.
///
/// Choices, and why:
/// - **Spectral peaks, not every bin.** Below ~150 Hz an 8192-point bin is wider than a
///   semitone, so spreading every bin onto its nearest pitch class would smear a bass note over
///   its neighbours. Instead each local maximum is located to a fraction of a bin by parabolic
///   interpolation of the log magnitude (accurate for a Hann window) and credited to one class.
/// - **Weighted by magnitude, not power.** Power would let the loudest partial (usually the bass)
///   dominate the profile; magnitude keeps quieter chord tones visible, which is what the
///   key profiles were built from (counts of notes, not their energy).
/// - **55 Hz – 2 kHz.** Below 55 Hz partials are hard to resolve and mostly kick drum; above
///   2 kHz they are mostly upper harmonics and cymbals that add noise but little key information.
/// - **Peaks more than 50 dB under the frame's strongest are ignored:** they are window side
///   lobes and noise floor, not notes.
public enum ChromaAnalysis {
    public static let frameSize = 8192
    public static let hopSize = 4096
    public static let lowestFrequency = 55.0
    public static let highestFrequency = 2000.0
    static let peakFloorRatio: Float = 0.003_162 // −50 dB

    /// Twelve values, C = 0 … B = 11, summing to 1 (all zero for silence).
    public static func chroma(left: [Float], right: [Float], sampleRate: Double) -> [Double] {
        var mono = MonoMix.mix(left: left, right: right)
        if mono.count < frameSize { mono += [Float](repeating: 0, count: frameSize - mono.count) }
        var spectrum = MagnitudeSpectrum(size: frameSize)
        var magnitudes = [Float](repeating: 0, count: spectrum.binCount)
        var profile = [Double](repeating: 0, count: 12)

        let binWidth = sampleRate / Double(frameSize)
        let firstBin = max(1, Int((lowestFrequency / binWidth).rounded(.up)))
        let lastBin = min(spectrum.binCount - 2, Int(highestFrequency / binWidth))
        guard firstBin <= lastBin else { return profile }

        mono.withUnsafeBufferPointer { samples in
            magnitudes.withUnsafeMutableBufferPointer { magnitudes in
                var start = 0
                while start + frameSize <= samples.count {
                    spectrum.compute(frame: samples.baseAddress! + start, into: magnitudes.baseAddress!)
                    accumulatePeaks(magnitudes: magnitudes, bins: firstBin...lastBin, binWidth: binWidth,
                                    into: &profile)
                    start += hopSize
                }
            }
        }
        let total = profile.reduce(0, +)
        return total > 0 ? profile.map { $0 / total } : profile
    }

    private static func accumulatePeaks(magnitudes m: UnsafeMutableBufferPointer<Float>, bins: ClosedRange<Int>,
                                        binWidth: Double, into profile: inout [Double]) {
        var strongest: Float = 0
        for bin in bins { strongest = max(strongest, m[bin]) }
        guard strongest > 0 else { return }
        let floor = strongest * peakFloorRatio
        for bin in bins where m[bin] > floor && m[bin] > m[bin - 1] && m[bin] >= m[bin + 1] {
            let below = log(Double(max(m[bin - 1], 1e-20)))
            let centre = log(Double(m[bin]))
            let above = log(Double(max(m[bin + 1], 1e-20)))
            let curvature = below - 2 * centre + above
            let offset = curvature < 0 ? 0.5 * (below - above) / curvature : 0
            let frequency = (Double(bin) + offset) * binWidth
            guard frequency >= lowestFrequency && frequency <= highestFrequency else { continue }
            profile[pitchClass(ofFrequency: frequency)] += Double(m[bin])
        }
    }

    /// Nearest equal-tempered pitch class at A4 = 440 Hz, C = 0.
    static func pitchClass(ofFrequency frequency: Double) -> Int {
        let midiNote = Int((69 + 12 * log2(frequency / 440)).rounded())
        return ((midiNote % 12) + 12) % 12
    }
}
