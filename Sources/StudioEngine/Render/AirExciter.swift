/// Gives a part rendered at half rate back the octave above 12 kHz that its sample rate could not
/// hold: without it every half-rate part stops at a brick wall near 12 kHz, and a mix made of them
/// (ambient, lofi) has no air at all.
///
/// The band above 6 kHz is full-wave rectified, which doubles its frequencies into 12–22 kHz, and
/// a steep high-pass keeps only that new octave, added back at a fixed fraction. Rectification is
/// homogeneous (|g·x| = g·|x|), so the air follows the part's level and envelope exactly, and the
/// part stays deterministic. A part with little energy near 10 kHz (a low-passed lofi keyboard)
/// gets correspondingly little air: its gentle roll-off is kept.
struct AirExciter {
    /// Level of the added octave against the rectified band.
    static let amount: Float = 0.5
    private var bandLeft: Biquad, bandRight: Biquad
    private var airLeft: (Biquad, Biquad), airRight: (Biquad, Biquad)

    init(sampleRate: Float) {
        bandLeft = Biquad.highpass(cutoff: 6_000, q: 0.707, sampleRate: sampleRate)
        bandRight = bandLeft
        let air = Biquad.highpass(cutoff: 11_500, q: 0.707, sampleRate: sampleRate)
        airLeft = (air, air)
        airRight = (air, air)
    }

    /// Adds the air to a stereo block in place; each channel is excited on its own, so the
    /// part's stereo image carries over to its air.
    mutating func process(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        let amount = Self.amount
        var (bandLeft, bandRight, airLeft, airRight) = (self.bandLeft, self.bandRight, self.airLeft, self.airRight)
        for i in 0..<frames {
            let l = abs(bandLeft.process(left[i])), r = abs(bandRight.process(right[i]))
            left[i] += airLeft.1.process(airLeft.0.process(l)) * amount
            right[i] += airRight.1.process(airRight.0.process(r)) * amount
        }
        (self.bandLeft, self.bandRight, self.airLeft, self.airRight) = (bandLeft, bandRight, airLeft, airRight)
    }
}
