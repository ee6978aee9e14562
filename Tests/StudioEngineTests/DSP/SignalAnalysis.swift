import Foundation

/// Measurement helpers for the DSP tests: a naive windowed DFT evaluated at chosen frequencies
/// (Goertzel-style, one frequency at a time), Parseval for total energy, Schroeder decay curves.
/// Everything in Double so the measurement is far more precise than what it measures.
enum SignalAnalysis {
    /// 4-term Blackman–Harris: side lobes at −92 dB, main lobe ±4 bins. Leakage from a harmonic
    /// therefore stays below anything these tests measure once we are 5+ bins away from it.
    static func blackmanHarris(_ n: Int) -> [Double] {
        (0..<n).map { i in
            let x = 2 * Double.pi * Double(i) / Double(n)
            return 0.35875 - 0.48829 * cos(x) + 0.14128 * cos(2 * x) - 0.01168 * cos(3 * x)
        }
    }

    /// Σ x[n]·e^(−iωn) at an arbitrary frequency, by a rotating phasor (no trig per sample).
    static func dft(_ x: [Double], frequency: Double, sampleRate: Double) -> (re: Double, im: Double) {
        let w = 2 * Double.pi * frequency / sampleRate
        let cw = cos(w), sw = sin(w)
        var c = 1.0, s = 0.0, re = 0.0, im = 0.0
        for v in x {
            re += v * c
            im -= v * s
            let nc = c * cw - s * sw
            s = s * cw + c * sw
            c = nc
        }
        return (re, im)
    }

    static func power(_ x: [Double], frequency: Double, sampleRate: Double) -> Double {
        let (re, im) = dft(x, frequency: frequency, sampleRate: sampleRate)
        return re * re + im * im
    }

    static func windowed(_ signal: [Float]) -> [Double] {
        let w = blackmanHarris(signal.count)
        return zip(signal, w).map { Double($0) * $1 }
    }

    /// Amplitude of the sinusoid at `frequency` (Blackman–Harris window, so the estimate is exact
    /// for a pure tone and insensitive to non-integer cycle counts).
    static func amplitude(of signal: [Float], at frequency: Double, sampleRate: Double) -> Double {
        let w = blackmanHarris(signal.count)
        let x = zip(signal, w).map { Double($0) * $1 }
        let (re, im) = dft(x, frequency: frequency, sampleRate: sampleRate)
        return 2 * (re * re + im * im).squareRoot() / w.reduce(0, +)
    }

    /// Energy of the windowed signal that is NOT within `guardHz` of DC or of a harmonic of `f0`
    /// below Nyquist: aliases, in other words. Computed as total (Parseval) minus the DFT bins
    /// near harmonics, so only ~10 bins per harmonic need evaluating.
    static func nonHarmonicEnergy(_ signal: [Float], f0: Double, sampleRate: Double, guardHz: Double = 25) -> Double {
        let x = windowed(signal)
        let n = Double(x.count)
        let total = n * x.reduce(0) { $0 + $1 * $1 }   // Σ_k |X_k|² over all N bins
        let binHz = sampleRate / n
        var near = Set<Int>()
        var h = 0.0
        while h <= sampleRate / 2 + guardHz {
            let lo = Int(((h - guardHz) / binHz).rounded(.up)), hi = Int(((h + guardHz) / binHz).rounded(.down))
            for k in max(lo, 0)...min(hi, x.count / 2) { near.insert(k) }
            h += f0
        }
        var harmonic = 0.0
        for k in near {
            let p = power(x, frequency: Double(k) * binHz, sampleRate: sampleRate)
            harmonic += (k == 0 || k == x.count / 2) ? p : 2 * p   // bins k and N−k
        }
        return total - harmonic
    }

    static func rms(_ x: ArraySlice<Float>) -> Double {
        (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(x.count, 1))).squareRoot()
    }

    static func rms(_ x: [Float]) -> Double { rms(x[...]) }

    static func decibels(_ ratio: Double) -> Double { 20 * log10(ratio) }

    /// Schroeder backward integration, in dB relative to the total energy.
    static func energyDecayCurve(_ ir: [Float]) -> [Double] {
        var acc = 0.0
        var edc = [Double](repeating: 0, count: ir.count)
        for i in stride(from: ir.count - 1, through: 0, by: -1) {
            acc += Double(ir[i]) * Double(ir[i])
            edc[i] = acc
        }
        let total = max(edc[0], 1e-300)
        return edc.map { 10 * log10(max($0, 1e-300) / total) }
    }

    /// RT60 from a least-squares line through the EDC between `upper` and `lower` dB (T20 by
    /// default), extrapolated to −60 dB.
    static func rt60(_ ir: [Float], sampleRate: Double, upper: Double = -5, lower: Double = -25) -> Double {
        let edc = energyDecayCurve(ir)
        var sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, n = 0.0
        for (i, v) in edc.enumerated() where v <= upper && v >= lower {
            let t = Double(i) / sampleRate
            sx += t; sy += v; sxx += t * t; sxy += t * v; n += 1
        }
        let slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)   // dB per second
        return -60 / slope
    }

    /// Normalised zero-lag cross-correlation.
    static func correlation(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            ab += Double(x) * Double(y); aa += Double(x) * Double(x); bb += Double(y) * Double(y)
        }
        return ab / max((aa * bb).squareRoot(), 1e-300)
    }
}

/// Runs a stereo `process(inLeft:inRight:outLeft:outRight:frames:)`-style closure over whole
/// signals in blocks of `block` frames.
func renderStereo(_ inLeft: [Float], _ inRight: [Float], block: Int,
                  _ process: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> (left: [Float], right: [Float]) {
    var outLeft = [Float](repeating: 0, count: inLeft.count)
    var outRight = [Float](repeating: 0, count: inLeft.count)
    inLeft.withUnsafeBufferPointer { il in
        inRight.withUnsafeBufferPointer { ir in
            outLeft.withUnsafeMutableBufferPointer { ol in
                outRight.withUnsafeMutableBufferPointer { or in
                    var start = 0
                    while start < il.count {
                        let n = min(block, il.count - start)
                        process(il.baseAddress! + start, ir.baseAddress! + start, ol.baseAddress! + start, or.baseAddress! + start, n)
                        start += n
                    }
                }
            }
        }
    }
    return (outLeft, outRight)
}

/// Same for in-place stereo processors.
func renderInPlace(_ left: [Float], _ right: [Float], block: Int,
                   _ process: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> (left: [Float], right: [Float]) {
    var l = left, r = right
    l.withUnsafeMutableBufferPointer { lp in
        r.withUnsafeMutableBufferPointer { rp in
            var start = 0
            while start < lp.count {
                let n = min(block, lp.count - start)
                process(lp.baseAddress! + start, rp.baseAddress! + start, n)
                start += n
            }
        }
    }
    return (l, r)
}

func sine(frequency: Double, sampleRate: Double, count: Int, amplitude: Double = 1) -> [Float] {
    (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / sampleRate)) }
}

func impulse(count: Int) -> [Float] {
    var x = [Float](repeating: 0, count: count)
    x[0] = 1
    return x
}
