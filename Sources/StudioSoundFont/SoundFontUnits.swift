import Foundation

/// The unit conversions of §8.1.1, in one place so the reader and the player agree on them.
public enum SoundFontUnits {
    /// Timecents to seconds: 1200 timecents double a time, 0 is one second, so −1200 is
    /// 0.5 s and the spec's "instant" −12000 is 2⁻¹⁰ s ≈ 1 ms.
    public static func seconds(timecents: Int) -> Double {
        exp2(Double(timecents) / 1200)
    }

    /// Absolute cents to hertz: 1200 cents per octave with 6900 at A440, so 0 is 8.176 Hz
    /// (MIDI key 0) and the filter's fully-open 13500 is about 19.9 kHz.
    public static func hertz(absoluteCents: Int) -> Double {
        440 * exp2(Double(absoluteCents - 6900) / 1200)
    }

    /// Centibels of attenuation to a linear amplitude factor: 200 cB is a factor of ten.
    public static func gain(attenuation centibels: Double) -> Double {
        pow(10, -centibels / 200)
    }
}
