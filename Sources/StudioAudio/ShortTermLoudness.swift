/// Short-term loudness (EBU Tech 3341: the ungated K-weighted mean square of a 3 s window) of a
/// whole stereo signal, readable for any window that starts on a 100 ms step.
///
/// The signal is K-weighted once, from its first sample, and kept as 100 ms step energies, so
/// every window sees the filters settled by what came before it — as a meter following the
/// programme would — and reading many overlapping windows costs nothing more.
public struct ShortTermLoudness: Sendable {
    public static let windowSeconds = 3.0
    public static let stepSeconds = 0.1
    private static let stepsPerWindow = 30

    /// Σ over both channels of y², per whole 100 ms step, and the step length in frames.
    private let stepEnergies: [Double]
    private let stepFrames: Int

    public init(left: [Float], right: [Float], sampleRate: Double) {
        precondition(sampleRate >= 8000, "ShortTermLoudness needs a real audio sample rate")
        let stepFrames = Int((sampleRate * Self.stepSeconds).rounded())
        self.stepFrames = stepFrames
        var weighting = StereoKWeighting(sampleRate: sampleRate)
        let frames = min(left.count, right.count)
        var energies: [Double] = []
        energies.reserveCapacity(frames / stepFrames)
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                var start = 0
                while start + stepFrames <= frames {
                    var energy = SIMD2<Double>()
                    weighting.accumulateEnergy(left: l.baseAddress! + start, right: r.baseAddress! + start,
                                               frames: stepFrames, into: &energy)
                    energies.append(energy[0] + energy[1])
                    start += stepFrames
                }
            }
        }
        stepEnergies = energies
    }

    /// How many whole 3 s windows the signal holds, starting 100 ms apart.
    public var windowCount: Int { max(0, stepEnergies.count - Self.stepsPerWindow + 1) }

    /// The loudness in LUFS of the 3 s window starting at `seconds` (rounded to a 100 ms step),
    /// or nil when that window does not lie wholly inside the signal.
    public func loudness(ofWindowStartingAt seconds: Double) -> Double? {
        let step = Int((seconds / Self.stepSeconds).rounded())
        guard step >= 0, step < windowCount else { return nil }
        let energy = stepEnergies[step..<(step + Self.stepsPerWindow)].reduce(0, +)
        return LoudnessMeter.loudness(ofMeanSquare: energy / Double(Self.stepsPerWindow * stepFrames))
    }
}
