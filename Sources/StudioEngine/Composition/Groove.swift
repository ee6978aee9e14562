import StudioCore

/// Places notes on the beat grid and humanises them: swing, timing drift and velocity variety.
///
/// Timing is in seconds so that swing and humanisation are exact; everything comes from the seeded
/// random stream of the part, so a groove is the same on every render.
struct Groove: Sendable {
    let form: Form
    /// 0 = straight 16ths, 0.33 ≈ triplet swing; applied to the off-beat 16ths (or 8ths).
    var swing: Double
    var swingUnit: Int = 1   // 1: swing 16ths; 2: swing 8ths
    /// Standard deviation of timing drift in seconds.
    var timingJitter: Double
    /// Standard deviation of velocity variation (0…1 scale).
    var velocityJitter: Double

    /// The time of 16th `sixteenth` (counted from the start of `bar`), swung.
    func time(bar: Int, sixteenth: Double) -> Double {
        let unitIndex = (sixteenth / Double(swingUnit)).rounded(.down)
        let isOffbeat = Int(unitIndex) % 2 == 1 && sixteenth == sixteenth.rounded()
        let delay = isOffbeat ? swing * Double(swingUnit) : 0
        return form.time(ofBar: bar, beat: (sixteenth + delay) / 4)
    }

    /// A note at a grid position with human timing and velocity.
    func note(bar: Int, sixteenth: Double, lengthSixteenths: Double, pitch: Int, velocity: Double,
              random: inout SeededRandom) -> NoteEvent {
        let start = max(0, time(bar: bar, sixteenth: sixteenth) + random.gaussian(sigma: timingJitter))
        let duration = lengthSixteenths * form.beatDuration / 4
        let v = min(1, max(0.05, velocity + random.gaussian(sigma: velocityJitter)))
        return NoteEvent(start: start, duration: duration, pitch: pitch, velocity: Float(v))
    }
}
