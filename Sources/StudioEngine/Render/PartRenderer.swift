/// Plays one part of a score block by block: starts its notes on the exact sample, renders the
/// sounding voices, and applies the part's gain ride and pan.
///
/// Each part renders into its own buffers, so parts can run on different threads with no shared
/// state; the mix adds them in a fixed order, which keeps renders bit-identical for any thread count.
final class PartRenderer: @unchecked Sendable {
    // @unchecked: a PartRenderer is only ever used by one thread at a time — the block loop hands
    // each renderer to exactly one worker per block and joins before the mix reads its buffers.
    let part: Part
    let sampleRate: Double
    private var notes: [NoteEvent]
    private var nextNote = 0
    private var voices: [any Voice] = []
    private let ride: [GainPoint]
    private var compressor: Compressor?
    private var filter: PartFilterProcessor?
    private var rideIndex = 0
    let left: UnsafeMutablePointer<Float>
    let right: UnsafeMutablePointer<Float>
    let capacity: Int

    init(part: Part, sampleRate: Double, blockCapacity: Int) {
        self.part = part
        self.sampleRate = sampleRate
        notes = part.notes.sorted { $0.start < $1.start || ($0.start == $1.start && $0.pitch < $1.pitch) }
        ride = part.ride.sorted { $0.time < $1.time }
        filter = part.filter.map { PartFilterProcessor($0, sampleRate: Float(sampleRate)) }
        if let c = part.compression {
            var compressor = Compressor(sampleRate: Float(sampleRate), thresholdDB: c.thresholdDB, ratio: c.ratio,
                                        attack: c.attack, release: c.release)
            compressor.detection = .peak
            self.compressor = compressor
        }
        capacity = blockCapacity
        left = .allocate(capacity: blockCapacity)
        right = .allocate(capacity: blockCapacity)
    }

    deinit {
        left.deallocate()
        right.deallocate()
    }

    /// Renders frames `[start, start + frames)` of the piece into `left`/`right` (overwriting).
    func render(start: Int, frames: Int) {
        precondition(frames <= capacity)
        left.update(repeating: 0, count: frames)
        right.update(repeating: 0, count: frames)
        let end = start + frames
        // Voices already sounding.
        var index = 0
        while index < voices.count {
            if voices[index].render(left: left, right: right, frames: frames) {
                index += 1
            } else {
                voices.swapAt(index, voices.count - 1)
                voices.removeLast()
            }
        }
        // Notes that begin inside this block start on their exact sample.
        while nextNote < notes.count {
            let note = notes[nextNote]
            let first = Int((note.start * sampleRate).rounded())
            guard first < end else { break }
            nextNote += 1
            let offset = max(0, first - start)
            let voice = part.instrument.makeVoice(for: note, pan: part.pan, sampleRate: Float(sampleRate))
            if voice.render(left: left + offset, right: right + offset, frames: frames - offset) {
                voices.append(voice)
            }
        }
        filter?.process(left: left, right: right, frames: frames)
        applyRide(start: start, frames: frames)
        compressor?.process(left: left, right: right, frames: frames)
    }

    /// Multiplies the block by the part's gain and its ride, interpolated linearly between points.
    private func applyRide(start: Int, frames: Int) {
        let gain = part.gain
        guard !ride.isEmpty else {
            for i in 0..<frames {
                left[i] *= gain
                right[i] *= gain
            }
            return
        }
        for i in 0..<frames {
            let t = Double(start + i) / sampleRate
            while rideIndex + 1 < ride.count && ride[rideIndex + 1].time <= t { rideIndex += 1 }
            let a = ride[rideIndex]
            var g = a.gain
            if t > a.time, rideIndex + 1 < ride.count {
                let b = ride[rideIndex + 1]
                g += (b.gain - a.gain) * Float((t - a.time) / (b.time - a.time))
            }
            left[i] *= gain * g
            right[i] *= gain * g
        }
    }
}
