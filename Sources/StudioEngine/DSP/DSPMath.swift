/// Small numeric helpers shared by the hot loops.
///
/// Why our own `log2`/`exp2`: the compressor needs a level in dB and a gain from dB on every
/// frame. The platform libm versions cost several times more and may differ by an ulp between
/// Darwin and glibc; these are a handful of multiplies, branch-free apart from range clamping,
/// and give the same bits on every platform, which keeps renders reproducible.
enum DSPMath {
    /// Values below this magnitude are set to exactly 0 in recursive state.
    ///
    /// x86 without FTZ/DAZ (Swift does not set them) runs 10–100× slower on subnormal floats, and
    /// every decaying recursion (filters, reverb, delay feedback) eventually passes through that
    /// range. 1e-15 is −300 dBFS: inaudible, yet ~10^23 above the subnormal range, so a state
    /// that is flushed at least once per block can never decay into it.
    @inline(__always) static var denormalThreshold: Float { 1e-15 }

    /// Flush tiny values to zero (compiles to a compare and a select, no branch).
    @inline(__always)
    static func flush(_ x: Float) -> Float {
        abs(x) < denormalThreshold ? 0 : x
    }

    /// Per-sample recursive filters flush their state once every this many samples instead of
    /// every sample: a flush inside the recursion's critical path doubled the SVF's cost (measured
    /// 10.5 → 5.0 ns/sample). Only a state decaying faster than ×0.44 per sample can reach the
    /// subnormal range between two flushes, and such a state spends at most a few samples there
    /// before the next flush zeroes it.
    @inline(__always) static var flushInterval: UInt32 { 64 }

    /// floor(x) for |x| < 2²² (NaN stays NaN), without libm.
    ///
    /// Swift targets baseline x86-64 (SSE2), which has no rounding instruction, so
    /// `rounded(.down)` compiles to a call to `floorf`. Adding and subtracting 1.5·2²³ rounds to
    /// the nearest integer in two adds (the compiler may not fold them: no fast-math), and one
    /// compare turns that into floor.
    @inline(__always)
    static func floor(_ x: Float) -> Float {
        let magic: Float = 12_582_912
        let r = (x + magic) - magic
        return r > x ? r - 1 : r
    }

    /// log2(x) for x > 0 (returns a large negative number for x ≤ 0). Max error ≈ 2e-6 (≈ 1e-5 dB).
    ///
    /// Splits x into 2^e · m with m in [√½, √2), then log2(m) = (2/ln 2)·atanh(t), t = (m−1)/(m+1),
    /// |t| ≤ 0.172, by the odd series t + t³/3 + t⁵/5 + t⁷/7.
    @inline(__always)
    static func log2(_ x: Float) -> Float {
        guard x > 1e-30 else { return -99.66 }   // log2(1e-30): −600 dB is "silence" for any meter here
        let bits = x.bitPattern
        var e = Int32(bitPattern: (bits >> 23) & 0xFF) - 127
        var m = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F80_0000)   // [1, 2)
        if m > 1.414_213_6 { m *= 0.5; e += 1 }
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        let series = t * (1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7))))
        return Float(e) + 2.885_390_1 * series   // 2/ln 2
    }

    /// 2^x for x in [−126, 126] (clamped), relative error < 3e-5 (< 3e-4 dB); exactly 1 at x = 0.
    ///
    /// 2^x = 2^i · 2^f with f in [0,1); 2^f by its degree-6 Taylor polynomial in f·ln 2, which is
    /// exact at f = 0 so that a unity gain stays bit-exact unity.
    @inline(__always)
    static func exp2(_ x: Float) -> Float {
        let c = x > -126 ? min(x, 126) : -126   // NaN → −126, so the conversion below cannot trap
        let i = floor(c)
        let f = (c - i) * 0.693_147_2   // ln 2
        let p = 1 + f * (1 + f * (0.5 + f * (1.0 / 6 + f * (1.0 / 24 + f * (1.0 / 120 + f * (1.0 / 720))))))
        let scale = Float(bitPattern: UInt32(Int32(i) + 127) << 23)
        return p * scale
    }

    /// 20·log10(x) via the fast log2.
    @inline(__always)
    static func decibels(fromAmplitude x: Float) -> Float {
        6.020_600 * log2(x)
    }

    /// 10^(dB/20) via the fast exp2.
    @inline(__always)
    static func amplitude(fromDecibels db: Float) -> Float {
        exp2(db * 0.166_096_4)   // log2(10)/20
    }
}
