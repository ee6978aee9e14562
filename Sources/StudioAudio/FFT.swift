import Foundation

/// A small in-place radix-2 complex FFT.
///
/// The analysers only need power-of-two frames, and the package has no dependencies (no
/// Accelerate on Linux, no FFTW), so this is the textbook iterative Cooley–Tukey transform with
/// everything that can be computed once — twiddles and the bit-reversal permutation — computed
/// in the initialiser. Twiddles are evaluated in Double and then rounded, which keeps the error
/// of an 8192-point transform near Float's own resolution instead of compounding a recurrence.
public struct FFT: Sendable {
    public let size: Int
    private let twiddleCosines: [Float]
    private let twiddleSines: [Float]
    /// Pairs (i, j) with i < j to swap; precomputed so the permutation is a straight loop.
    private let swapPairs: [(Int, Int)]

    public init(size: Int) {
        precondition(size >= 1 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        let half = max(1, size / 2)
        twiddleCosines = (0..<half).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
        twiddleSines = (0..<half).map { Float(-sin(2 * Double.pi * Double($0) / Double(size))) }
        let bits = size.trailingZeroBitCount
        var pairs: [(Int, Int)] = []
        for index in 0..<size {
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            if index < reversed { pairs.append((index, reversed)) }
        }
        swapPairs = pairs
    }

    /// Forward transform X[k] = Σ x[n]·e^(−2πikn/N) in place; `inverse` flips the sign of the
    /// exponent and leaves the 1/N scaling to the caller, who usually folds it into something else.
    public func transform(real: UnsafeMutablePointer<Float>, imaginary: UnsafeMutablePointer<Float>,
                          inverse: Bool = false) {
        for (i, j) in swapPairs {
            (real[i], real[j]) = (real[j], real[i])
            (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i])
        }
        let sineSign: Float = inverse ? -1 : 1
        twiddleCosines.withUnsafeBufferPointer { cosines in
            twiddleSines.withUnsafeBufferPointer { sines in
                var span = 2
                while span <= size {
                    let half = span / 2
                    let stride = size / span
                    var start = 0
                    while start < size {
                        for k in 0..<half {
                            let wr = cosines[k * stride]
                            let wi = sineSign * sines[k * stride]
                            let top = start + k
                            let bottom = top + half
                            let br = real[bottom] * wr - imaginary[bottom] * wi
                            let bi = real[bottom] * wi + imaginary[bottom] * wr
                            real[bottom] = real[top] - br
                            imaginary[bottom] = imaginary[top] - bi
                            real[top] += br
                            imaginary[top] += bi
                        }
                        start += span
                    }
                    span *= 2
                }
            }
        }
    }

    /// Array convenience for tests and one-off use; the pointer form is the one for hot loops.
    public func transform(real: inout [Float], imaginary: inout [Float], inverse: Bool = false) {
        precondition(real.count == size && imaginary.count == size)
        real.withUnsafeMutableBufferPointer { r in
            imaginary.withUnsafeMutableBufferPointer { i in
                transform(real: r.baseAddress!, imaginary: i.baseAddress!, inverse: inverse)
            }
        }
    }
}

/// Magnitude spectrum of a real frame under a Hann window: what every analyser here looks at.
///
/// Hann, because its side lobes fall off fast (−31 dB, then 18 dB/octave), so a loud bass note
/// does not smear into the bins of quiet upper partials, and its main lobe is narrow enough that
/// peak interpolation stays accurate. The scratch buffers live here so repeated frames never
/// allocate.
public struct MagnitudeSpectrum: Sendable {
    public let size: Int
    public var binCount: Int { size / 2 + 1 }
    private let fft: FFT
    private let window: [Float]
    private var real: [Float]
    private var imaginary: [Float]

    public init(size: Int) {
        fft = FFT(size: size)
        self.size = size
        // Periodic Hann: overlapping frames at hop size/2 sum to a constant.
        window = (0..<size).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size))) }
        real = [Float](repeating: 0, count: size)
        imaginary = [Float](repeating: 0, count: size)
    }

    /// Windows `size` samples of `frame` and writes |X[k]| for k = 0 … size/2 into `magnitudes`.
    public mutating func compute(frame: UnsafePointer<Float>, into magnitudes: UnsafeMutablePointer<Float>) {
        let count = size
        let fft = self.fft
        window.withUnsafeBufferPointer { window in
            real.withUnsafeMutableBufferPointer { real in
                imaginary.withUnsafeMutableBufferPointer { imaginary in
                    for index in 0..<count {
                        real[index] = frame[index] * window[index]
                        imaginary[index] = 0
                    }
                    fft.transform(real: real.baseAddress!, imaginary: imaginary.baseAddress!)
                    for bin in 0...(count / 2) {
                        magnitudes[bin] = (real[bin] * real[bin] + imaginary[bin] * imaginary[bin]).squareRoot()
                    }
                }
            }
        }
    }

    /// Centre frequency of a bin in Hz.
    public func frequency(ofBin bin: Double, sampleRate: Double) -> Double {
        bin * sampleRate / Double(size)
    }
}
