/// A gain that moves linearly between breakpoints, read forwards in time: before the first point
/// it holds the first gain, after the last the last one. Reading it at increasing times costs
/// O(1) each, which is how the mix bus walks it, sample by sample.
struct GainCurve {
    private let points: [GainPoint]
    private var index = 0

    init(_ points: [GainPoint]) {
        self.points = points.sorted { $0.time < $1.time }
    }

    var isEmpty: Bool { points.isEmpty }

    /// The gain at `seconds`; calls must come in non-decreasing time.
    mutating func gain(at seconds: Double) -> Float {
        guard let first = points.first else { return 1 }
        guard seconds > first.time else { return first.gain }
        while index + 1 < points.count && points[index + 1].time <= seconds { index += 1 }
        guard index + 1 < points.count else { return points[index].gain }
        let a = points[index], b = points[index + 1]
        return a.gain + (b.gain - a.gain) * Float((seconds - a.time) / (b.time - a.time))
    }

    /// The ride whose gain is the product of two rides' gains, at the breakpoints of both: exact
    /// where either is flat between its points, and close elsewhere when the points are dense.
    static func product(_ a: [GainPoint], _ b: [GainPoint]) -> [GainPoint] {
        guard !a.isEmpty else { return b }
        guard !b.isEmpty else { return a }
        var first = GainCurve(a), second = GainCurve(b)
        let times = Set(a.map(\.time) + b.map(\.time)).sorted()
        return times.map { GainPoint(time: $0, gain: first.gain(at: $0) * second.gain(at: $0)) }
    }
}
