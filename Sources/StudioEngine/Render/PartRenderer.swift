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
    private var voices: [SoundingVoice] = []
    private let ride: [GainPoint]
    private var compressor: Compressor?
    private var filter: PartFilterProcessor?
    private var rideIndex = 0
    private var outputRide: GainCurve
    let left: UnsafeMutablePointer<Float>
    let right: UnsafeMutablePointer<Float>
    let capacity: Int

    /// 1 for parts rendered at the output rate; 2 for band-limited parts rendered at half rate
    /// and upsampled, which halves the cost of their voices.
    let divisor: Int
    private let voiceRate: Double
    private let inner: UnsafeMutablePointer<Float>
    private var upsampler = HalfBandUpsampler()
    /// The octave above 12 kHz that a half-rate part cannot hold (nil at the output rate).
    private var air: AirExciter?

    init(part: Part, sampleRate: Double, blockCapacity: Int) {
        self.part = part
        self.sampleRate = sampleRate
        divisor = part.halfRate ? 2 : 1
        voiceRate = sampleRate / Double(divisor)
        air = part.halfRate ? AirExciter(sampleRate: Float(sampleRate)) : nil
        notes = part.notes.sorted { $0.start < $1.start || ($0.start == $1.start && $0.pitch < $1.pitch) }
        ride = part.ride.sorted { $0.time < $1.time }
        outputRide = GainCurve(part.outputRide)
        filter = part.filter.map { [voiceRate] in PartFilterProcessor($0, sampleRate: Float(voiceRate)) }
        if let c = part.compression {
            var compressor = Compressor(sampleRate: Float(sampleRate), thresholdDB: c.thresholdDB, ratio: c.ratio,
                                        attack: c.attack, release: c.release)
            compressor.detection = .peak
            self.compressor = compressor
        }
        capacity = blockCapacity
        // One spare frame: an odd block at half rate upsamples to one frame more than asked.
        left = .allocate(capacity: blockCapacity + 2)
        right = .allocate(capacity: blockCapacity + 2)
        inner = .allocate(capacity: blockCapacity + 4)
    }

    deinit {
        left.deallocate()
        right.deallocate()
        inner.deallocate()
    }

    /// Renders frames `[start, start + frames)` of the piece into `left`/`right` (overwriting).
    func render(start: Int, frames: Int) {
        precondition(frames <= capacity)
        if divisor == 1 {
            play(left: left, right: right, start: start, frames: frames)
            filter?.process(left: left, right: right, frames: frames)
        } else {
            // Blocks start on even frames, so the half-rate clock stays aligned with the output.
            let half = (frames + 1) / 2
            let innerLeft = inner, innerRight = inner + capacity / 2 + 2
            play(left: innerLeft, right: innerRight, start: start / 2, frames: half)
            filter?.process(left: innerLeft, right: innerRight, frames: half)
            upsampler.process(inputLeft: innerLeft, inputRight: innerRight, inputFrames: half,
                              outputLeft: left, outputRight: right)
            air?.process(left: left, right: right, frames: frames)
        }
        applyRide(start: start, frames: frames)
        compressor?.process(left: left, right: right, frames: frames)
        if !outputRide.isEmpty {
            for i in 0..<frames {
                let g = outputRide.gain(at: Double(start + i) / sampleRate)
                left[i] *= g
                right[i] *= g
            }
        }
    }

    /// Runs the voices for `frames` frames at the voice rate. The block is cut at every note
    /// start, so a note begins on its exact sample and a choke takes effect on that sample too.
    private func play(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, start: Int, frames: Int) {
        left.update(repeating: 0, count: frames)
        right.update(repeating: 0, count: frames)
        var cursor = 0
        while true {
            var onset = frames
            if nextNote < notes.count {
                onset = min(frames, max(cursor, Int((notes[nextNote].start * voiceRate).rounded()) - start))
            }
            if onset > cursor { renderVoices(left: left + cursor, right: right + cursor, frames: onset - cursor) }
            cursor = onset
            guard onset < frames else { return }
            let note = notes[nextNote]
            nextNote += 1
            let group = part.instrument.exclusiveGroup(of: note.pitch)
            if let group {
                for index in voices.indices where voices[index].group == group { voices[index].choke() }
            }
            if let polyphony = part.instrument.polyphony { stealVoice(toStart: note, polyphony: polyphony) }
            voices.append(SoundingVoice(voice: part.instrument.makeVoice(for: note, pan: part.pan, sampleRate: Float(voiceRate)),
                                        group: group, start: note.start, end: note.start + note.duration))
        }
    }

    /// Past the instrument's polyphony, the new note takes the place of the voice that matters
    /// least: the one released longest ago, or failing that the oldest. The stolen voice fades
    /// out in a few milliseconds (a choke) rather than stopping dead, which would click.
    /// One pass, no allocation: it runs on every note start of every part with a polyphony cap.
    /// Ties go to the earliest voice in `voices`, as `min(by:)` would.
    private func stealVoice(toStart note: NoteEvent, polyphony: Int) {
        var live = 0
        var released: Int?, oldest: Int?
        for index in voices.indices where !voices[index].isChoked {
            live += 1
            let (start, end) = (voices[index].start, voices[index].end)
            if end <= note.start && (released.map { end < voices[$0].end } ?? true) { released = index }
            if oldest.map({ start < voices[$0].start }) ?? true { oldest = index }
        }
        guard live >= polyphony, let victim = released ?? oldest else { return }
        voices[victim].choke()
    }

    /// Adds every sounding voice into the buffers and drops the ones that have finished.
    private func renderVoices(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        var index = 0
        while index < voices.count {
            if voices[index].voice.render(left: left, right: right, frames: frames) {
                index += 1
            } else {
                voices.swapAt(index, voices.count - 1)
                voices.removeLast()
            }
        }
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
        let period = 1 / sampleRate
        var i = 0
        while i < frames {
            let t = Double(start + i) * period
            while rideIndex + 1 < ride.count && ride[rideIndex + 1].time <= t { rideIndex += 1 }
            let a = ride[rideIndex]
            // Flat stretches — before the first point, after the last, between two equal points
            // (most of a side-chain ride) — take one gain throughout.
            let flatUntil: Int?
            if rideIndex + 1 >= ride.count {
                flatUntil = frames
            } else if t < a.time {
                flatUntil = min(frames, max(i + 1, Int((a.time * sampleRate - Double(start)).rounded(.up))))
            } else if ride[rideIndex + 1].gain == a.gain {
                flatUntil = min(frames, max(i + 1, Int((ride[rideIndex + 1].time * sampleRate - Double(start)).rounded(.up))))
            } else {
                flatUntil = nil
            }
            if let until = flatUntil {
                let g = gain * a.gain
                while i < until {
                    left[i] *= g
                    right[i] *= g
                    i += 1
                }
                continue
            }
            let b = ride[rideIndex + 1]
            let g = a.gain + (b.gain - a.gain) * Float((t - a.time) / (b.time - a.time))
            left[i] *= gain * g
            right[i] *= gain * g
            i += 1
        }
    }
}

/// A voice the part is playing, with what stealing and exclusive groups need to know about it.
private struct SoundingVoice {
    let voice: any Voice
    let group: Int?
    let start: Double
    /// When its note was released (start + duration), in seconds.
    let end: Double
    private(set) var isChoked = false

    mutating func choke() {
        voice.choke()
        isChoked = true
    }
}
