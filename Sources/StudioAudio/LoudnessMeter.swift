import Foundation

/// Integrated programme loudness (ITU-R BS.1770-4, EBU R128) and peaks of a stereo stream.
///
/// Every rendered track is normalised to a loudness target, so this meter decides how loud the
/// product is; it follows the Recommendation step by step so that our numbers agree with any
/// broadcast meter: K-weighting, mean square over 400 ms blocks overlapping by 75 %, an absolute
/// gate at −70 LUFS that drops silence, and a relative gate 10 LU below the ungated mean that
/// drops quiet passages so a long fade cannot drag the figure down.
///
/// Memory does not grow with duration: gating needs every block's loudness, but only to sort
/// blocks into "above" and "below" a threshold known at the end, so blocks go into a fixed
/// histogram of 0.01 LU bins that also keeps each bin's exact summed energy. The gated mean is
/// therefore exact except for blocks in the single bin the relative threshold falls into, which
/// are kept or dropped together by the bin's mean loudness — an error far below 0.01 LU.
public struct LoudnessMeter: Sendable {
    public let sampleRate: Double

    private var leftShelf: Biquad, leftHighPass: Biquad
    private var rightShelf: Biquad, rightHighPass: Biquad

    /// Gating blocks are 4 steps of 100 ms; a block's energy is the sum of its steps' energies,
    /// so only the last four steps are ever needed.
    private let stepLength: Int
    private var framesInStep = 0
    private var stepEnergy = 0.0
    private var recentSteps: [Double] = [0, 0, 0, 0]
    private var completedSteps = 0

    static let absoluteGateLUFS = -70.0
    static let relativeGateLU = -10.0
    static let binWidthLU = 0.01
    /// Blocks louder than this (only possible for clipped full-scale noise) share the top bin;
    /// their energy is still counted exactly.
    static let histogramTopLUFS = 10.0
    private var binCounts: [Int]
    private var binEnergies: [Double]

    private var leftPeakDetector = TruePeakDetector()
    private var rightPeakDetector = TruePeakDetector()
    private var truePeakLinear: Float = 0
    private var samplePeakLinear: Float = 0

    /// Whether `process` also runs the 4× oversampled true-peak detectors; a meter that only
    /// needs loudness (the first pass of a render) skips them, which halves its cost.
    public let measuresTruePeak: Bool

    public init(sampleRate: Double, measuresTruePeak: Bool = true) {
        precondition(sampleRate >= 8000, "LoudnessMeter needs a real audio sample rate")
        self.sampleRate = sampleRate
        self.measuresTruePeak = measuresTruePeak
        leftShelf = KWeighting.preFilter(sampleRate: sampleRate)
        rightShelf = leftShelf
        leftHighPass = KWeighting.highPass(sampleRate: sampleRate)
        rightHighPass = leftHighPass
        stepLength = Int((sampleRate * 0.1).rounded())
        let bins = Int(((Self.histogramTopLUFS - Self.absoluteGateLUFS) / Self.binWidthLU).rounded())
        binCounts = [Int](repeating: 0, count: bins)
        binEnergies = [Double](repeating: 0, count: bins)
    }

    public mutating func process(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) {
        guard frames > 0 else { return }
        if measuresTruePeak {
            truePeakLinear = max(truePeakLinear,
                                 leftPeakDetector.process(left, frames: frames),
                                 rightPeakDetector.process(right, frames: frames))
        }
        var done = 0
        while done < frames {
            let chunk = min(frames - done, stepLength - framesInStep)
            accumulate(left: left + done, right: right + done, frames: chunk)
            done += chunk
            framesInStep += chunk
            if framesInStep == stepLength { closeStep() }
        }
    }

    /// K-weights one stretch that lies inside a single 100 ms step. The filters are copied into
    /// locals so the hot loop touches no stored properties.
    private mutating func accumulate(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) {
        var (shelfL, highPassL, shelfR, highPassR) = (leftShelf, leftHighPass, rightShelf, rightHighPass)
        var energy = 0.0
        var peak = samplePeakLinear
        for index in 0..<frames {
            let l = left[index], r = right[index]
            peak = max(peak, abs(l), abs(r))
            let weightedL = highPassL.process(shelfL.process(Double(l)))
            let weightedR = highPassR.process(shelfR.process(Double(r)))
            energy += weightedL * weightedL + weightedR * weightedR
        }
        (leftShelf, leftHighPass, rightShelf, rightHighPass) = (shelfL, highPassL, shelfR, highPassR)
        stepEnergy += energy
        samplePeakLinear = peak
    }

    private mutating func closeStep() {
        recentSteps[completedSteps % 4] = stepEnergy
        completedSteps += 1
        stepEnergy = 0
        framesInStep = 0
        guard completedSteps >= 4 else { return }
        // Channel weights are 1 for left and right, so the block's weighted sum of mean squares
        // is simply the summed energy over the block's length.
        let blockEnergy = (recentSteps[0] + recentSteps[1] + recentSteps[2] + recentSteps[3])
            / Double(4 * stepLength)
        let loudness = Self.loudness(ofMeanSquare: blockEnergy)
        guard loudness > Self.absoluteGateLUFS else { return }
        let bin = min(binCounts.count - 1, Int((loudness - Self.absoluteGateLUFS) / Self.binWidthLU))
        binCounts[bin] += 1
        binEnergies[bin] += blockEnergy
    }

    static func loudness(ofMeanSquare meanSquare: Double) -> Double {
        meanSquare > 0 ? -0.691 + 10 * log10(meanSquare) : -.infinity
    }

    /// Gated integrated loudness in LUFS so far; −∞ until one 400 ms block clears the −70 gate.
    public var integratedLoudness: Double {
        var count = 0
        var energy = 0.0
        for bin in binCounts.indices where binCounts[bin] > 0 {
            count += binCounts[bin]
            energy += binEnergies[bin]
        }
        guard count > 0 else { return -.infinity }
        let threshold = Self.loudness(ofMeanSquare: energy / Double(count)) + Self.relativeGateLU
        var gatedCount = 0
        var gatedEnergy = 0.0
        for bin in binCounts.indices where binCounts[bin] > 0 {
            let binMean = Self.loudness(ofMeanSquare: binEnergies[bin] / Double(binCounts[bin]))
            guard binMean > threshold else { continue }
            gatedCount += binCounts[bin]
            gatedEnergy += binEnergies[bin]
        }
        return gatedCount > 0 ? Self.loudness(ofMeanSquare: gatedEnergy / Double(gatedCount)) : -.infinity
    }

    /// Largest 4×-oversampled magnitude over both channels, linear (1.0 = full scale).
    public var truePeak: Double { Double(truePeakLinear) }

    public var truePeakDBTP: Double { Decibels.fromAmplitude(truePeak) }

    /// Largest plain sample magnitude over both channels, linear.
    public var samplePeak: Double { Double(samplePeakLinear) }
}
