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

    /// K-weighting of both channels, one SIMD2 lane each.
    private var weighting: StereoKWeighting

    /// Gating blocks are 4 steps of 100 ms; a block's energy is the sum of its steps' energies,
    /// so only the last four steps are ever needed.
    private let stepLength: Int
    private var framesInStep = 0
    /// Energy of the current step so far, per channel; each lane is summed frame by frame in
    /// order whatever the block sizes, so readings do not depend on how the stream is cut.
    private var stepEnergies = SIMD2<Double>()
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
    /// needs loudness (the first pass of a render) skips them, about two thirds of its cost.
    public let measuresTruePeak: Bool

    public init(sampleRate: Double, measuresTruePeak: Bool = true) {
        precondition(sampleRate >= 8000, "LoudnessMeter needs a real audio sample rate")
        self.sampleRate = sampleRate
        self.measuresTruePeak = measuresTruePeak
        weighting = StereoKWeighting(sampleRate: sampleRate)
        stepLength = Int((sampleRate * 0.1).rounded())
        let bins = Int(((Self.histogramTopLUFS - Self.absoluteGateLUFS) / Self.binWidthLU).rounded())
        binCounts = [Int](repeating: 0, count: bins)
        binEnergies = [Double](repeating: 0, count: bins)
    }

    /// Whole signals held in arrays (a file read back, a test render); the shorter sets the length.
    public mutating func process(left: [Float], right: [Float]) {
        let frames = min(left.count, right.count)
        guard frames > 0 else { return }
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in process(left: l.baseAddress!, right: r.baseAddress!, frames: frames) }
        }
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

    /// K-weights one stretch that lies inside a single 100 ms step.
    private mutating func accumulate(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) {
        weighting.accumulateEnergy(left: left, right: right, frames: frames, into: &stepEnergies)
        samplePeakLinear = Self.samplePeak(left, right, frames: frames, from: samplePeakLinear)
    }

    /// The larger of `peak` and every |sample| of both channels. Four lanes at a time; compared so
    /// that a NaN sample is skipped, as before.
    private static func samplePeak(_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>, frames: Int,
                                   from peak: Float) -> Float {
        @inline(__always) func magnitude(_ v: SIMD4<Float>) -> SIMD4<Float> {
            unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt32>.self) & SIMD4(repeating: 0x7FFF_FFFF),
                          to: SIMD4<Float>.self)
        }
        var running = SIMD4<Float>(repeating: peak)
        var index = 0
        while index + 4 <= frames {
            let l = magnitude(UnsafeRawPointer(left + index).loadUnaligned(as: SIMD4<Float>.self))
            let r = magnitude(UnsafeRawPointer(right + index).loadUnaligned(as: SIMD4<Float>.self))
            running = running.replacing(with: l, where: running .< l)
            running = running.replacing(with: r, where: running .< r)
            index += 4
        }
        var result = peak
        for lane in 0..<4 where result < running[lane] { result = running[lane] }
        while index < frames {
            if result < abs(left[index]) { result = abs(left[index]) }
            if result < abs(right[index]) { result = abs(right[index]) }
            index += 1
        }
        return result
    }

    private mutating func closeStep() {
        recentSteps[completedSteps % 4] = stepEnergies[0] + stepEnergies[1]
        completedSteps += 1
        stepEnergies = SIMD2()
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
