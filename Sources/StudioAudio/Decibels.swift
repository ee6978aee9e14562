import Foundation

/// Conversions between linear amplitude and decibels, in one place so that every meter agrees.
public enum Decibels {
    /// 20·log10(amplitude); −∞ for silence.
    public static func fromAmplitude(_ amplitude: Double) -> Double {
        amplitude > 0 ? 20 * log10(amplitude) : -.infinity
    }

    /// 10^(dB/20).
    public static func toAmplitude(_ decibels: Double) -> Double {
        pow(10, decibels / 20)
    }
}
