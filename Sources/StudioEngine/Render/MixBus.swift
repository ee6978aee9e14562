import Foundation

/// Pass one of a render: plays every part, sums them into stem buses, adds the shared reverb and
/// delay, applies the master fades and a DC-blocking high-pass, and hands each block to a sink.
///
/// Everything here is linear after the parts, so the stems (with the ambience stem holding the
/// reverb and delay returns) add up to the mix exactly as it is before mastering.
final class MixBus {
    static let blockFrames = 4096

    let score: Score
    let sampleRate: Double
    let threads: Int
    let totalFrames: Int
    let stems: [Stem]
    private let parts: [PartRenderer]
    private let reverb: Reverb
    private let delay: StereoDelay
    /// DC blockers for the mix (0, 1) and for each stem channel (2…): linear and identical, so the
    /// stems still add up to the mix, and each stem is free of DC on its own.
    private var dcBlockers: [DCBlocker]
    /// The brightness shelf (`Score.topShelfDB`) for the mix and each stem, like the DC
    /// blockers: linear, so the stems still add up to the mix. Empty when the shelf is flat.
    private var shelves: [Biquad]
    /// Planar buffers: [stem0 L, stem0 R, stem1 L, …], then sends and returns.
    private let buffers: UnsafeMutablePointer<Float>
    private let fadeGains: UnsafeMutablePointer<Float>

    /// Whether the stems will be written; only then are they faded and DC-blocked one by one.
    let writesStems: Bool
    /// The plain sum of the parts: no reverb, delay, fades or DC blocker (`MasteringMode.dry`).
    let dry: Bool

    init(score: Score, sampleRate: Double, threads: Int, writesStems: Bool, dry: Bool = false) {
        self.score = score
        self.dry = dry
        self.writesStems = writesStems
        self.sampleRate = sampleRate
        self.threads = max(1, threads)
        totalFrames = Int((score.duration * sampleRate).rounded())
        let used = Set(score.parts.map(\.stem))
        stems = Stem.allCases.filter { used.contains($0) || $0 == .ambience }
        parts = score.parts.map { PartRenderer(part: $0, sampleRate: sampleRate, blockCapacity: Self.blockFrames) }
        let space = score.space
        reverb = Reverb(sampleRate: Float(sampleRate), decaySeconds: space.reverbSeconds, damping: space.reverbDamping,
                        preDelaySeconds: space.preDelay)
        delay = StereoDelay(sampleRate: Float(sampleRate), delaySeconds: space.delaySeconds, feedback: space.delayFeedback)
        dcBlockers = Array(repeating: DCBlocker(cutoff: 8, sampleRate: Float(sampleRate)), count: stems.count * 2 + 2)
        shelves = score.topShelfDB == 0 || dry ? [] : Array(
            repeating: Biquad.highShelf(cutoff: 5_000, gainDB: score.topShelfDB, sampleRate: Float(sampleRate)),
            count: stems.count * 2 + 2)
        buffers = .allocate(capacity: Self.blockFrames * ((stems.count + 1) * 2 + 4))
        fadeGains = .allocate(capacity: Self.blockFrames)
    }

    deinit {
        buffers.deallocate()
        fadeGains.deallocate()
    }

    /// Channel c's plane: 0,1 = mix; 2 + 2k, 3 + 2k = stem k.
    func plane(_ channel: Int) -> UnsafeMutablePointer<Float> { buffers + channel * Self.blockFrames }
    var channelCount: Int { (stems.count + 1) * 2 }

    /// Renders the whole piece; `sink(frames)` is called after each block with the planes filled.
    func run(isCancelled: () -> Bool, progress: (Double) -> Void, sink: (Int) throws -> Void) throws {
        let sendL = plane(channelCount), sendR = plane(channelCount + 1)
        let delaySendL = plane(channelCount + 2), delaySendR = plane(channelCount + 3)
        var start = 0
        while start < totalFrames {
            if isCancelled() { throw RenderError.cancelled }
            let frames = min(Self.blockFrames, totalFrames - start)
            renderParts(start: start, frames: frames)
            buffers.update(repeating: 0, count: Self.blockFrames * (channelCount + 4))
            for renderer in parts {
                let part = renderer.part
                let stemIndex = stems.firstIndex(of: part.stem)!
                let l = plane(2 + stemIndex * 2), r = plane(3 + stemIndex * 2)
                let reverbSend = part.reverbSend, delaySend = part.delaySend
                if dry {
                    // Nothing reads the sends in a dry mix.
                    for i in 0..<frames {
                        l[i] += renderer.left[i]
                        r[i] += renderer.right[i]
                    }
                    continue
                }
                for i in 0..<frames {
                    let x = renderer.left[i], y = renderer.right[i]
                    l[i] += x
                    r[i] += y
                    sendL[i] += x * reverbSend
                    sendR[i] += y * reverbSend
                    delaySendL[i] += x * delaySend
                    delaySendR[i] += y * delaySend
                }
            }
            if dry {
                sumStems(frames: frames)
                try sink(frames)
                start += frames
                progress(Double(start) / Double(totalFrames))
                continue
            }
            // Delay repeats are sent on into the reverb so that echoes sit in the same room.
            let ambience = stems.firstIndex(of: .ambience)!
            let ambL = plane(2 + ambience * 2), ambR = plane(3 + ambience * 2)
            delay.process(inLeft: delaySendL, inRight: delaySendR, outLeft: ambL, outRight: ambR, frames: frames)
            for i in 0..<frames {
                sendL[i] += ambL[i] * 0.5
                sendR[i] += ambR[i] * 0.5
            }
            reverb.process(inLeft: sendL, inRight: sendR, outLeft: sendL, outRight: sendR, frames: frames)
            let wet = score.space.reverbReturn
            for i in 0..<frames {
                ambL[i] += sendL[i] * wet
                ambR[i] += sendR[i] * wet
            }
            finish(start: start, frames: frames)
            try sink(frames)
            start += frames
            progress(Double(start) / Double(totalFrames))
        }
    }

    private func renderParts(start: Int, frames: Int) {
        if threads == 1 || parts.count < 2 {
            for renderer in parts { renderer.render(start: start, frames: frames) }
        } else {
            let parts = self.parts
            DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                parts[index].render(start: start, frames: frames)
            }
        }
    }

    /// The mix planes as the plain sum of the stem planes.
    private func sumStems(frames: Int) {
        let mixL = plane(0), mixR = plane(1)
        mixL.update(from: plane(2), count: frames)
        mixR.update(from: plane(3), count: frames)
        for s in 1..<stems.count {
            let l = plane(2 + s * 2), r = plane(3 + s * 2)
            for i in 0..<frames {
                mixL[i] += l[i]
                mixR[i] += r[i]
            }
        }
    }

    /// DC blocking and fades on every stem, then the mix as the sum of the stems.
    private func finish(start: Int, frames: Int) {
        let mixL = plane(0), mixR = plane(1)
        let fadeInFrames = max(1, score.fadeIn * sampleRate)
        let fadeOutFrames = max(1, score.fadeOut * sampleRate)
        let total = Double(totalFrames)
        let fading = Double(start) < fadeInFrames || Double(start + frames) > total - 1 - fadeOutFrames
        if fading {
            for i in 0..<frames {
                let n = Double(start + i)
                // sin² in, sin² of the time left out: smooth, and exactly zero at the last sample.
                var g = 1.0
                if n < fadeInFrames { g = pow(sin(0.5 * .pi * n / fadeInFrames), 2) }
                let untilEnd = total - 1 - n
                if untilEnd < fadeOutFrames { g *= pow(sin(0.5 * .pi * max(0, untilEnd) / fadeOutFrames), 2) }
                fadeGains[i] = Float(g)
            }
        }
        // The mix is the plain sum of the stems, faded and DC-blocked once; stems that are to be
        // written get the same fade and DC blocker each. The filter is linear, so the written
        // stems still add up to the mix, and the mix is computed the same way — bit for bit —
        // whether stems are written or not.
        sumStems(frames: frames)
        let fade: UnsafePointer<Float>? = fading ? UnsafePointer(fadeGains) : nil
        var (left, right) = (dcBlockers[0], dcBlockers[1])
        DCBlocker.processPair(&left, &right, mixL, mixR, fade: fade, frames: frames)
        (dcBlockers[0], dcBlockers[1]) = (left, right)
        if !shelves.isEmpty {
            shelves[0].process(mixL, frames: frames)
            shelves[1].process(mixR, frames: frames)
        }
        guard writesStems else { return }
        for s in 0..<stems.count {
            var (left, right) = (dcBlockers[2 + s * 2], dcBlockers[3 + s * 2])
            DCBlocker.processPair(&left, &right, plane(2 + s * 2), plane(3 + s * 2), fade: fade, frames: frames)
            (dcBlockers[2 + s * 2], dcBlockers[3 + s * 2]) = (left, right)
            if !shelves.isEmpty {
                shelves[2 + s * 2].process(plane(2 + s * 2), frames: frames)
                shelves[3 + s * 2].process(plane(3 + s * 2), frames: frames)
            }
        }
    }
}
