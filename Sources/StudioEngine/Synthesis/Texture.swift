import Foundation

/// Non-pitched beds: vinyl (hiss and crackle), rain (a wash with droplets), wind (noise through
/// slowly drifting band-passes), and sweep (a rising filtered-noise riser). One note lasts as long
/// as the texture should.
struct Texture: Instrument {
    enum Kind: Sendable, Equatable { case vinyl, rain, wind, sweep }
    var kind: Kind
    var seed: UInt32

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        TextureVoice(note: note, kind: kind, seed: seed, sampleRate: sampleRate)
    }
}

final class TextureVoice: Voice {
    private let kind: Texture.Kind
    private var noiseL: NoiseSource, noiseR: NoiseSource, events: NoiseSource
    private var bandL: StateVariableFilter, bandR: StateVariableFilter
    private var toneL: OnePole, toneR: OnePole
    private var clickTone: OnePole
    private var click: Float = 0
    private var clickSide: Float = 0
    private let clickDecay: Float
    private let eventProbability: Float
    /// Samples until the next crackle or droplet: exponential gaps make a Poisson process, drawn
    /// once per event instead of testing a random number every sample.
    private var untilEvent = 0
    private var lfoA: Float = 0, lfoB: Float = 0.3
    private let lfoIncrementA: Float, lfoIncrementB: Float
    private var age = 0
    private let length: Int
    private let sampleRate: Float
    private let gain: Float
    private var dropPhase: Float = 0, dropFrequency: Float = 0, dropLevel: Float = 0
    private let dropDecay: Float

    init(note: NoteEvent, kind: Texture.Kind, seed: UInt32, sampleRate: Float) {
        self.kind = kind
        self.sampleRate = sampleRate
        noiseL = NoiseSource(seed: seed | 1)
        noiseR = NoiseSource(seed: (seed &* 747796405) | 1)
        events = NoiseSource(seed: (seed &* 2891336453) | 1)
        bandL = StateVariableFilter(sampleRate: sampleRate)
        bandR = StateVariableFilter(sampleRate: sampleRate)
        length = max(1, Int(note.duration * Double(sampleRate)))
        clickTone = OnePole(cutoff: 5000, sampleRate: sampleRate)
        untilEvent = Int(0.1 * sampleRate)
        clickDecay = expf(-1 / (0.0006 * sampleRate))
        dropDecay = expf(-1 / (0.02 * sampleRate))
        lfoIncrementA = 0.037 / sampleRate
        lfoIncrementB = 0.053 / sampleRate
        switch kind {
        case .vinyl:
            toneL = OnePole(cutoff: 5000, sampleRate: sampleRate)
            toneR = OnePole(cutoff: 5000, sampleRate: sampleRate)
            bandL.set(cutoff: 300, resonance: 0.5)
            bandR.set(cutoff: 300, resonance: 0.5)
            eventProbability = 9 / sampleRate
            gain = 0.05
        case .rain:
            toneL = OnePole(cutoff: 7000, sampleRate: sampleRate)
            toneR = OnePole(cutoff: 7000, sampleRate: sampleRate)
            bandL.set(cutoff: 2500, resonance: 0.6)
            bandR.set(cutoff: 2600, resonance: 0.6)
            eventProbability = 14 / sampleRate
            gain = 0.16
        case .wind:
            toneL = OnePole(cutoff: 3000, sampleRate: sampleRate)
            toneR = OnePole(cutoff: 3000, sampleRate: sampleRate)
            eventProbability = 0
            gain = 0.22
        case .sweep:
            toneL = OnePole(cutoff: 12000, sampleRate: sampleRate)
            toneR = OnePole(cutoff: 12000, sampleRate: sampleRate)
            eventProbability = 0
            gain = 0.2 * note.velocity
        }
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (noiseL, noiseR, events, bandL, bandR) = (self.noiseL, self.noiseR, self.events, self.bandL, self.bandR)
        var (toneL, toneR, clickTone, click, clickSide) = (self.toneL, self.toneR, self.clickTone, self.click, self.clickSide)
        var (lfoA, lfoB, age, dropPhase, dropFrequency, dropLevel) = (self.lfoA, self.lfoB, self.age, self.dropPhase, self.dropFrequency, self.dropLevel)
        var untilEvent = self.untilEvent
        func nextGap(_ events: inout NoiseSource) -> Int {
            let u = max(1e-6, events.white() * 0.5 + 0.5)
            return Int(-logf(u) / max(eventProbability, 1e-9))
        }
        let (kind, length, gain, eventProbability, clickDecay, dropDecay) = (self.kind, self.length, self.gain, self.eventProbability, self.clickDecay, self.dropDecay)
        let inverseRate = 1 / sampleRate
        let count = min(frames, length - age)
        for i in 0..<max(0, count) {
            var l: Float, r: Float
            switch kind {
            case .vinyl:
                l = bandL.highpass(toneL.lowpass(noiseL.pink())) * 0.35
                r = bandR.highpass(toneR.lowpass(noiseR.pink())) * 0.35
                untilEvent -= 1
                if untilEvent <= 0 {
                    click = (events.white() * 0.5 + 0.5) * 6 + 1
                    clickSide = events.white()
                    untilEvent = nextGap(&events)
                }
                if click > 1e-3 {
                    let c = clickTone.lowpass(click * noiseL.white())
                    l += c * (1 - clickSide * 0.5)
                    r += c * (1 + clickSide * 0.5)
                    click *= clickDecay
                }
            case .rain:
                l = bandL.bandpass(noiseL.pink()) + toneL.lowpass(noiseL.white()) * 0.3
                r = bandR.bandpass(noiseR.pink()) + toneR.lowpass(noiseR.white()) * 0.3
                untilEvent -= 1
                if untilEvent <= 0 {
                    untilEvent = nextGap(&events)
                    dropFrequency = 1800 + (events.white() * 0.5 + 0.5) * 3000
                    dropLevel = 0.6 + 0.4 * events.white()
                    clickSide = events.white()
                }
                if dropLevel > 1e-3 {
                    dropPhase += dropFrequency * inverseRate
                    dropFrequency *= 1.00004
                    if dropPhase >= 1 { dropPhase -= 1 }
                    let d = FastSine.sin(cycles: dropPhase) * dropLevel
                    l += d * (1 - clickSide * 0.6)
                    r += d * (1 + clickSide * 0.6)
                    dropLevel *= dropDecay
                }
            case .wind:
                // Two slow LFOs steer the band-passes; refreshed every 64 samples.
                if age & 63 == 0 {
                    let a = FastSine.sin(cycles: lfoA), b = FastSine.sin(cycles: lfoB)
                    bandL.set(cutoff: 500 + 350 * a + 150 * b, resonance: 2.2)
                    bandR.set(cutoff: 520 + 300 * b - 120 * a, resonance: 2.2)
                    lfoA += lfoIncrementA * 64
                    lfoB += lfoIncrementB * 64
                    if lfoA >= 1 { lfoA -= 1 }
                    if lfoB >= 1 { lfoB -= 1 }
                }
                let swell = 0.6 + 0.4 * FastSine.sin(cycles: lfoB * 0.5)
                l = bandL.bandpass(noiseL.pink()) * swell
                r = bandR.bandpass(noiseR.pink()) * swell
            case .sweep:
                let progress = Float(age) / Float(length)
                if age & 31 == 0 {
                    let cutoff = 300 * powf(30, progress)
                    bandL.set(cutoff: cutoff, resonance: 3)
                    bandR.set(cutoff: cutoff * 1.05, resonance: 3)
                }
                let swell = progress * progress
                l = bandL.bandpass(noiseL.white()) * swell
                r = bandR.bandpass(noiseR.white()) * swell
            }
            left[i] += l * gain
            right[i] += r * gain
            age += 1
        }
        (self.noiseL, self.noiseR, self.events, self.bandL, self.bandR) = (noiseL, noiseR, events, bandL, bandR)
        (self.toneL, self.toneR, self.clickTone, self.click, self.clickSide) = (toneL, toneR, clickTone, click, clickSide)
        (self.lfoA, self.lfoB, self.age, self.dropPhase, self.dropFrequency, self.dropLevel) = (lfoA, lfoB, age, dropPhase, dropFrequency, dropLevel)
        self.untilEvent = untilEvent
        return age < length
    }
}
