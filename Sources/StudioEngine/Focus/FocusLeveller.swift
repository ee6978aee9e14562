import StudioAudio

/// A slow leveller for focus segments, as a broadcast chain has in front of a continuous programme.
///
/// Music is not level from one 3 s window to the next: a melody rests, a bar sits on a softer
/// chord, a breakdown thins out. In a piece that is the music breathing; in a stream of segments
/// a soft stretch beside a join reads as a dip that the join made, and a listener who wants
/// to concentrate is better served by a steady level. So a focus segment's short-term loudness
/// is pulled towards its own average (all the way at `strength` 1), at most `rangeDB` either
/// way: a bar 2 dB soft comes up by 2 dB; a breakdown keeps its thinner sound at the level of
/// the verses.
///
/// The loudness is read from the segment's whole music (every note of its window, no crossfade
/// ride), played once without mastering, because that is what is heard wherever the segment
/// holds the music; the gains then ride on its parts beside the crossfade's own ride.
struct FocusLeveller {
    var strength = 1.0
    var rangeDB = 3.0

    /// The levelling ride for a mix `left`/`right` (pre-master), a point every 100 ms.
    func ride(left: [Float], right: [Float], sampleRate: Double) -> [GainPoint] {
        let meter = ShortTermLoudness(left: left, right: right, sampleRate: sampleRate)
        var whole = LoudnessMeter(sampleRate: sampleRate, measuresTruePeak: false)
        whole.process(left: left, right: right)
        let target = whole.integratedLoudness
        let windows = meter.windowCount
        guard target.isFinite, windows > 0 else { return [] }
        let half = ShortTermLoudness.windowSeconds / 2, step = ShortTermLoudness.stepSeconds
        let duration = Double(min(left.count, right.count)) / sampleRate
        return stride(from: 0.0, through: duration, by: step).map { t in
            // The window centred on t, or the nearest whole one at the ends.
            let start = min(max(0, t - half), Double(windows - 1) * step)
            let level = meter.loudness(ofWindowStartingAt: start) ?? target
            let dB = level.isFinite ? min(rangeDB, max(-rangeDB, (target - level) * strength)) : 0
            return GainPoint(time: t, gain: Float(Decibels.toAmplitude(dB)))
        }
    }
}
