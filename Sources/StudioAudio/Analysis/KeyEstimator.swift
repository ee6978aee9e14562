import StudioCore

/// Names the key a chroma profile most resembles (the Krumhansl–Schmuckler algorithm).
///
/// Krumhansl and Kessler measured how well each pitch class "fits" a major or minor key context;
/// music in a key uses pitch classes roughly in those proportions. Correlating a recording's
/// chroma with the 24 rotations of the two profiles and taking the best is the simplest method
/// that is known to work on real music, and its failure modes (relative and dominant keys) are
/// well documented, which matters when a test says "wrong key".
public enum KeyEstimator {
    public struct Estimate: Sendable {
        public let key: MusicalKey
        /// Pearson correlation of the chroma with the winning profile, −1 … 1.
        public let correlation: Double
        /// All 24 keys, best first, so a caller can see how close the runner-up was.
        public let ranking: [(MusicalKey, Double)]
    }

    /// Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
    static let majorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    public static func estimate(chroma: [Double]) -> Estimate {
        precondition(chroma.count == 12, "chroma needs 12 pitch classes")
        var scores: [(MusicalKey, Double)] = []
        for mode in [MusicalKey.Mode.major, .minor] {
            let profile = mode == .major ? majorProfile : minorProfile
            for tonic in 0..<12 {
                // The profile rotated so that its tonic sits on `tonic`.
                let rotated = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                scores.append((MusicalKey(tonic: tonic, mode: mode), pearson(chroma, rotated)))
            }
        }
        // Stable order for ties (e.g. silence): major before minor, C upwards.
        let ranking = scores.enumerated()
            .sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
            .map(\.element)
        return Estimate(key: ranking[0].0, correlation: ranking[0].1, ranking: ranking)
    }

    /// Zero when either side is flat: a silent chroma matches no key better than another.
    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let meanA = a.reduce(0, +) / Double(a.count)
        let meanB = b.reduce(0, +) / Double(b.count)
        var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        let denominator = (varianceA * varianceB).squareRoot()
        return denominator > 0 ? covariance / denominator : 0
    }
}
