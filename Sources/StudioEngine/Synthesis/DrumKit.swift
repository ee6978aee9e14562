import Foundation

/// A synthesised drum kit addressed by General MIDI percussion numbers, so that a score plays
/// the same on this kit and on a sampled one.
///
/// `dusty` is the soft, low-passed kit of lofi (round kick, papery snare, quiet hats);
/// `electronic` is a tight dance kit (long pitched kick, layered clap, crisp metallic hats).
/// Like a producer's, the kit is tuned to the piece: the kick settles on the tonic between
/// E1 and D♯2 and the snare's body rings on the tonic too, so the drums never fight the key.
struct DrumKit: Instrument {
    enum Character: Sendable { case dusty, electronic }
    var character: Character
    /// Pitch class the kick and snare are tuned to.
    var tonic: Int

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        DrumVoice(note: note, character: character, tonic: tonic, pan: pan, sampleRate: sampleRate)
    }

    /// The hi-hats (closed, pedal, open) are one instrument: a new stroke cuts the ringing one.
    func exclusiveGroup(of pitch: Int) -> Int? { [42, 44, 46].contains(pitch) ? 1 : nil }
}

final class DrumVoice: Voice {
    private enum Sound { case kick, snare, clap, closedHat, openHat, crash, rim, shaker }

    private let sound: Sound
    private var noise: NoiseSource
    private var tonePhase: Float = 0
    private var toneFrequency: Float
    private let toneEnd: Float
    private let pitchDecay: Float
    private var toneLevel: Float
    private var toneDecay: Float
    private var noiseLevel: Float
    private var noiseDecay: Float
    private var noiseFilter: StateVariableFilter
    private var toneFilter: OnePole
    /// Phases and increments of the six metallic square waves (naive squares: their aliases
    /// land above the hats' 7 kHz high-pass as more hiss, which is what a hat is).
    private var metal = SIMD8<Float>(repeating: 0)
    private var metalIncrements = SIMD8<Float>(repeating: 0)
    private var hasMetal = false
    private var age = 0
    private let sampleRate: Float
    private let gain: (left: Float, right: Float)
    private let drive: Float
    private let chokeDecay: Float
    private let filtersTone: Bool

    init(note: NoteEvent, character: DrumKit.Character, tonic: Int, pan: Float, sampleRate: Float) {
        self.sampleRate = sampleRate
        let dusty = character == .dusty
        let v = note.velocity
        noise = NoiseSource(seed: UInt32(truncatingIfNeeded: Int(note.start * 1000) &* 2654435761 &+ note.pitch))
        noiseFilter = StateVariableFilter(sampleRate: sampleRate)
        toneFilter = OnePole(cutoff: dusty ? (note.pitch >= 42 ? 10000 : 5000) : 14000, sampleRate: sampleRate)
        func decay(_ seconds: Float) -> Float { powf(0.001, 1 / (seconds * sampleRate)) }
        var level: Float = 1
        var panOffset: Float = 0
        switch note.pitch {
        case 35, 36:
            sound = .kick
            toneEnd = frequency(ofMIDINote: 28 + ((tonic - 4) % 12 + 12) % 12)
            toneFrequency = toneEnd * (dusty ? 2.3 : 3.6)
            pitchDecay = expf(-1 / ((dusty ? 0.035 : 0.05) * sampleRate))
            toneLevel = 1
            toneDecay = decay(dusty ? 0.32 : 0.5)
            noiseLevel = dusty ? 0.05 : 0.12
            noiseDecay = decay(0.008)
            noiseFilter.set(cutoff: 2500, resonance: 0.7)
            level = 1.0
        case 38, 40:
            sound = .snare
            toneEnd = frequency(ofMIDINote: 50 + ((tonic - 2) % 12 + 12) % 12)
            toneFrequency = toneEnd * 1.12
            pitchDecay = expf(-1 / (0.02 * sampleRate))
            toneLevel = 0.55
            toneDecay = decay(dusty ? 0.12 : 0.1)
            noiseLevel = 0.75
            noiseDecay = decay(dusty ? 0.22 : 0.18)
            noiseFilter.set(cutoff: dusty ? 2800 : 4200, resonance: 0.8)
            level = dusty ? 0.5 : 0.55
            panOffset = -0.05
        case 39:
            sound = .clap
            toneFrequency = 0; toneEnd = 0; pitchDecay = 1; toneLevel = 0; toneDecay = 1
            noiseLevel = 1
            noiseDecay = decay(0.22)
            noiseFilter.set(cutoff: 1300, resonance: 1.6)
            level = 0.8
            panOffset = 0.05
        case 42, 44, 46:
            sound = note.pitch == 46 ? .openHat : .closedHat
            toneFrequency = 0; toneEnd = 0; pitchDecay = 1; toneLevel = 0; toneDecay = 1
            noiseLevel = 0.6
            noiseDecay = decay(note.pitch == 46 ? 0.38 : (dusty ? 0.05 : 0.045))
            noiseFilter.set(cutoff: dusty ? 6500 : 8500, resonance: 0.7)
            level = dusty ? 0.4 : 0.5
            panOffset = 0.25
        case 49, 57:
            sound = .crash
            toneFrequency = 0; toneEnd = 0; pitchDecay = 1; toneLevel = 0; toneDecay = 1
            noiseLevel = 0.6
            noiseDecay = decay(1.8)
            noiseFilter.set(cutoff: 5500, resonance: 0.6)
            level = 0.3
            panOffset = -0.3
        case 37:
            sound = .rim
            toneFrequency = 420; toneEnd = 400; pitchDecay = 1
            toneLevel = 0.7
            toneDecay = decay(0.03)
            noiseLevel = 0.4
            noiseDecay = decay(0.015)
            noiseFilter.set(cutoff: 2000, resonance: 1.2)
            level = 0.45
        default:
            sound = .shaker
            toneFrequency = 0; toneEnd = 0; pitchDecay = 1; toneLevel = 0; toneDecay = 1
            noiseLevel = 0.5
            noiseDecay = decay(0.06)
            noiseFilter.set(cutoff: 6000, resonance: 1)
            level = 0.25
            panOffset = 0.35
        }
        if sound == .closedHat || sound == .openHat || sound == .crash {
            // The 808's six detuned square waves: the metallic colour under the hiss.
            hasMetal = true
            for (lane, f) in [Float(205.3), 304.4, 369.6, 522.7, 540.0, 800.0].enumerated() {
                metal[lane] = f.truncatingRemainder(dividingBy: 1)
                metalIncrements[lane] = f * (sound == .crash ? 1.7 : 2.1) / sampleRate
            }
        }
        drive = sound == .kick ? (dusty ? 1.3 : 1.8) : 1
        chokeDecay = powf(0.001, 1 / (0.004 * sampleRate))
        // The electronic kit is bright: its tone filter would sit above what a hat has anyway.
        filtersTone = dusty && sound != .kick
        let a = amplitude(forVelocity: v) * level
        let pans = panGains(pan + panOffset)
        gain = (a * pans.left, a * pans.right)
    }

    func choke() {
        toneDecay = min(toneDecay, chokeDecay)
        noiseDecay = min(noiseDecay, chokeDecay)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (noise, tonePhase, toneFrequency, toneLevel, noiseLevel) = (self.noise, self.tonePhase, self.toneFrequency, self.toneLevel, self.noiseLevel)
        var (noiseFilter, toneFilter, age) = (self.noiseFilter, self.toneFilter, self.age)
        var metal = self.metal
        let hasMetal = self.hasMetal
        let (sound, toneEnd, pitchDecay, toneDecay, noiseDecay) = (self.sound, self.toneEnd, self.pitchDecay, self.toneDecay, self.noiseDecay)
        let (drive, gain, sampleRate, metalIncrements) = (self.drive, self.gain, self.sampleRate, self.metalIncrements)
        let driveNormal = drive > 1 ? 1 / Saturation.soft(drive) : 1
        let inverseRate = 1 / sampleRate
        for i in 0..<frames {
            var y: Float = 0
            if toneLevel > 1e-5 {
                toneFrequency = toneEnd + (toneFrequency - toneEnd) * pitchDecay
                tonePhase += toneFrequency * inverseRate
                if tonePhase >= 1 { tonePhase -= 1 }
                y += FastSine.sin(cycles: tonePhase) * toneLevel
                toneLevel *= toneDecay
            }
            if noiseLevel > 1e-5 {
                var n = noise.white()
                if hasMetal {
                    metal += metalIncrements
                    metal.replace(with: metal - 1, where: metal .>= 1)
                    // Lanes 6 and 7 are silent (increment 0, phase 0 → +1 each): subtract them.
                    let squares = SIMD8<Float>(repeating: 1).replacing(with: -1, where: metal .>= 0.5)
                    n = n * 0.5 + (squares.sum() - 2) * 0.12
                }
                let shaped: Float
                switch sound {
                case .closedHat, .openHat, .crash, .shaker: shaped = noiseFilter.highpass(n)
                case .kick: shaped = noiseFilter.lowpass(n)
                default: shaped = noiseFilter.bandpass(n) * 1.5
                }
                var level = noiseLevel
                if sound == .clap {
                    // Three quick claps before the tail: the sound of several hands.
                    let ms = Float(age) * inverseRate * 1000
                    if ms < 30 { level = ms.truncatingRemainder(dividingBy: 10) < 2 ? 1 : noiseLevel * 0.35 }
                }
                y += shaped * level
                noiseLevel *= noiseDecay
            }
            if drive > 1 { y = Saturation.soft(y * drive) * driveNormal }
            if filtersTone { y = toneFilter.lowpass(y) }
            left[i] += y * gain.left
            right[i] += y * gain.right
            age += 1
        }
        (self.noise, self.tonePhase, self.toneFrequency, self.toneLevel, self.noiseLevel) = (noise, tonePhase, toneFrequency, toneLevel, noiseLevel)
        (self.noiseFilter, self.toneFilter, self.age) = (noiseFilter, toneFilter, age)
        self.metal = metal
        return toneLevel > 1e-5 || noiseLevel > 1e-5
    }
}
