import Foundation
import StudioAudio
import Testing
@testable import StudioEngine

/// Issue #6's continuity check at the contract's defaults (60 s segments, 6 s crossfade): five
/// consecutive segments joined as a player joins them, with equal-power crossfades over their
/// overlaps, must click no more at a join than inside the segments and must not dip in
/// short-term loudness across a join (see `ContinuityMeasure.loudnessAcross` for the sides a
/// dip is measured against).
@Suite(.serialized) struct FocusContinuityTests {
    /// The largest step allowed at a join, as a multiple of the largest step elsewhere.
    static let stepRatioLimit: Float = 2
    /// How far the short-term loudness may fall across a join below the quieter of its sides
    /// (issue #6: 1 LU).
    static let dipLimitLU = 1.0

    @Test(arguments: FocusStreamTests.engines)
    func fiveDefaultSegmentsJoinWithoutClickOrDip(engineKey: String) throws {
        let stream = try FocusStream(engineKey: engineKey, prompt: FocusStreamTests.prompts[engineKey]!, seed: 7)
        #expect(stream.segmentSeconds == 60 && stream.crossfadeSeconds == 6)
        let segments = try (0..<5).map { try FocusStreamTests.render(stream, $0) }
        let rate = FocusStreamTests.sampleRate
        let overlap = Int(stream.crossfadeSeconds * rate), hop = Int(stream.hopSeconds * rate)
        let joined = FocusAudio.join(segments, overlap: overlap)
        #expect(joined.left.count == 4 * hop + Int(stream.segmentSeconds * rate))
        let joins = (1..<5).map { ($0 * hop)..<($0 * hop + overlap) }

        let steps = ContinuityMeasure.largestSteps(joined, around: joins, margin: Int(0.005 * rate))
        var lines: [String] = []
        for (j, join) in joins.enumerated() {
            let step = steps.atJoin[j]
            #expect(step <= Self.stepRatioLimit * steps.elsewhere,
                    "\(engineKey) join \(j + 1): step \(step) against \(steps.elsewhere) inside the segments")
            let level = ContinuityMeasure.loudnessAcross(joined, join: join, sampleRate: rate)
            #expect(level.dip <= Self.dipLimitLU,
                    "\(engineKey) join \(j + 1): dips \(level.dip) LU below \(level.sides); across \(level.across)")
            let quietest = level.across.firstIndex(of: level.across.min() ?? 0).map { -2.9 + 0.1 * Double($0) } ?? 0
            lines.append(String(format: "join %d: step %.3f (%.3f elsewhere), sides %.1f/%.1f LUFS, across %.1f…%.1f (quietest window from %+.1f s), dip %.2f LU",
                                j + 1, step, steps.elsewhere, level.sides.0, level.sides.1, level.across.min() ?? 0,
                                level.across.max() ?? 0, quietest, level.dip))
        }
        print("focus continuity \(engineKey) 60 s/6 s: " + lines.joined(separator: "; "))
    }
}

/// The measurements of a joined stream that the continuity check makes.
enum ContinuityMeasure {
    /// The largest sample-to-sample step (either channel) in each join (± `margin` frames) and
    /// everywhere else.
    static func largestSteps(_ signal: FocusAudio, around joins: [Range<Int>], margin: Int) -> (atJoin: [Float], elsewhere: Float) {
        var atJoin = Array(repeating: Float(0), count: joins.count)
        var elsewhere: Float = 0
        for n in 1..<signal.left.count {
            let step = max(abs(signal.left[n] - signal.left[n - 1]), abs(signal.right[n] - signal.right[n - 1]))
            if let j = joins.firstIndex(where: { ($0.lowerBound - margin)..<($0.upperBound + margin) ~= n }) {
                atJoin[j] = max(atJoin[j], step)
            } else {
                elsewhere = max(elsewhere, step)
            }
        }
        return (atJoin, elsewhere)
    }

    /// Short-term loudness (EBU 3 s windows, 0.1 s apart) across a join: the window that ends
    /// where the join begins and the one that starts where it ends are its sides, and every
    /// window in between lies across it. The dip is how far the quietest window across falls
    /// below the quieter side: a trough in the loudness curve that the join dug.
    static func loudnessAcross(_ signal: FocusAudio, join: Range<Int>, sampleRate: Double)
        -> (sides: (Double, Double), across: [Double], dip: Double) {
        let meter = ShortTermLoudness(left: signal.left, right: signal.right, sampleRate: sampleRate)
        let start = Double(join.lowerBound) / sampleRate, end = Double(join.upperBound) / sampleRate
        let before = meter.loudness(ofWindowStartingAt: start - 3) ?? -.infinity
        let after = meter.loudness(ofWindowStartingAt: end) ?? -.infinity
        let across = stride(from: start - 2.9, through: end - 0.1 + 1e-9, by: 0.1).compactMap {
            meter.loudness(ofWindowStartingAt: $0)
        }
        return ((before, after), across, min(before, after) - (across.min() ?? min(before, after)))
    }
}
