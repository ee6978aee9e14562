/// Analysers judge the music, not its stereo placement, so they look at (left + right) / 2.
/// Halving keeps a centred full-scale signal at full scale instead of doubling it.
enum MonoMix {
    static func mix(left: [Float], right: [Float]) -> [Float] {
        precondition(left.count == right.count, "left and right must have the same length")
        return zip(left, right).map { 0.5 * ($0 + $1) }
    }
}
