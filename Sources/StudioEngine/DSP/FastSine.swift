import Foundation

/// Cheap sine for oscillators: phase in cycles [0,1). Table of 4096 (+1 guard) with linear interpolation; error < 1e-5.
///
/// Why a table: `sin` from libm is ~15–20 ns and branchy (argument reduction); oscillators, LFOs
/// and the chorus call this per sample. Linear interpolation on 4096 points has a worst-case error
/// of (2π/4096)²/8 ≈ 2.9e-7, well under the 1e-5 budget (−100 dB, below Float dither of a 16-bit
/// render), so a larger table or cubic interpolation would buy nothing audible.
/// Cost: a libm-free floor, two loads and a lerp; measured 5.5–8 ns/call in a dependent loop
/// (release, AMD EPYC dev machine, shared and noisy).
enum FastSine {
    @inline(__always) static var size: Int { 4096 }

    /// sin(2πi/4096) for i in 0...4096; the guard entry equals entry 0 so interpolation never wraps.
    /// Built in Double so the only error left is the interpolation itself. A raw pointer rather
    /// than an array: array access cost a retain/release per call (measured 9.1 → 5.5 ns). It is
    /// written once, before first use (Swift's lazy global initialisation is thread-safe), never
    /// again, and lives for the whole process (16 KB), hence `nonisolated(unsafe)`.
    nonisolated(unsafe) static let table: UnsafePointer<Float> = {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: 4097)
        for i in 0..<4096 { p[i] = Float(Foundation.sin(2 * Double.pi * Double(i) / 4096)) }
        p[4096] = 0
        return UnsafePointer(p)
    }()

    /// Any phase with |phase| < 4·10⁶ is accepted and wrapped into [0,1) first; anything else
    /// (including NaN and ±∞) returns 0 rather than trapping in the index conversion.
    @inline(__always)
    static func sin(cycles phase: Float) -> Float {
        guard abs(phase) < 4_000_000 else { return 0 }
        return sin(unitPhase: phase - DSPMath.floor(phase))
    }

    /// Same for a phase already in [0, 1) (not checked: out of range traps or reads the wrong
    /// entry), without the wrap: the same result, bit for bit, as `sin(cycles:)` for such phases.
    @inline(__always)
    static func sin(unitPhase phase: Float) -> Float {
        let position = phase * Float(size)
        let whole = Int(position)   // position ≥ 0, so truncation is floor
        let fraction = position - Float(whole)
        // `& (size-1)` keeps the index in range when the wrapped phase rounds up to exactly 1.0.
        let index = whole & (size - 1)
        let t = table
        let a = t[index]
        return a + (t[index + 1] - a) * fraction
    }

    /// cos(2π·phase), i.e. sin a quarter cycle ahead; for quadrature LFOs.
    @inline(__always)
    static func cos(cycles phase: Float) -> Float {
        sin(cycles: phase + 0.25)
    }
}
