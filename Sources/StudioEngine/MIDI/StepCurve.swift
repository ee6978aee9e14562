/// A value that jumps at given times and holds in between: a MIDI controller as a function of
/// time (a channel's pitch bend, its volume × expression). MIDI controllers are steps, not
/// ramps, so this is exact; a dense stream of controller events is a dense staircase.
struct StepCurve: Sendable, Equatable {
    /// Change times in seconds, ascending; the first is 0.
    private(set) var times: [Double] = [0]
    private(set) var values: [Double]

    init(initial: Double) { values = [initial] }

    /// True while nothing has changed since time 0: players can then skip the curve entirely.
    var isConstant: Bool { values.count == 1 }

    var last: Double { values[values.count - 1] }

    /// Sets the value from `time` on; several changes at one time keep the last.
    mutating func set(_ value: Double, at time: Double) {
        guard value != last else { return }
        if time <= times[times.count - 1] {
            values[values.count - 1] = value
            // The replacement may now repeat the previous step; drop it so steps stay real changes.
            if values.count > 1 && values[values.count - 2] == value {
                values.removeLast()
                times.removeLast()
            }
        } else {
            times.append(time)
            values.append(value)
        }
    }

    /// The value at `time` and the time of the next change (infinity if none).
    func segment(at time: Double) -> (value: Double, next: Double) {
        var low = 0, high = times.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if times[mid] <= time { low = mid } else { high = mid - 1 }
        }
        return (values[low], low + 1 < times.count ? times[low + 1] : .infinity)
    }

    func value(at time: Double) -> Double { segment(at: time).value }

    /// The curve as a part's gain ride, whose points the renderer joins with straight lines: each
    /// step becomes a pair of points a microsecond apart (well under one sample at 48 kHz).
    var ride: [GainPoint] {
        guard !isConstant else { return [] }
        var points = [GainPoint(time: 0, gain: Float(values[0]))]
        for index in 1..<times.count {
            let before = max(times[index - 1], times[index] - 1e-6)
            if before > times[index - 1] { points.append(GainPoint(time: before, gain: Float(values[index - 1]))) }
            points.append(GainPoint(time: times[index], gain: Float(values[index])))
        }
        return points
    }
}
