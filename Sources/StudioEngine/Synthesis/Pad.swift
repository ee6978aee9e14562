import Foundation

/// Sustained chord pads. Detuned band-limited saws (spread across the stereo field) through a
/// slowly breathing low-pass give warmth; `strings` adds vibrato, `choir` shapes the saws with two
/// vowel formants instead of a low-pass, `bright` is the wide supersaw of dance music.
struct Pad: Instrument {
    enum Character: Sendable { case warm, bright, strings, choir }
    var character: Character
    var brightness: Float

    func makeVoice(for note: NoteEvent, pan: Float, sampleRate: Float) -> any Voice {
        PadVoice(note: note, character: character, brightness: brightness, pan: pan, sampleRate: sampleRate)
    }
}

final class PadVoice: Voice {
    private var oscA: PolyBLEPOscillator, oscB: PolyBLEPOscillator
    private var filterL: StateVariableFilter, filterR: StateVariableFilter
    private var formant2L: StateVariableFilter, formant2R: StateVariableFilter
    private var amp: Envelope
    private var gate: Gate
    private let incA: Float, incB: Float
    private let character: Pad.Character
    private var lfoPhase: Float
    private let lfoIncrement: Float
    private let cutoff: Float
    private let gain: (left: Float, right: Float)
    private var counter = 0

    init(note: NoteEvent, character: Pad.Character, brightness: Float, pan: Float, sampleRate: Float) {
        self.character = character
        let f = frequency(ofMIDINote: note.pitch)
        let detune: Float = character == .bright ? 0.007 : 0.004
        incA = f * (1 - detune) / sampleRate
        incB = f * (1 + detune) / sampleRate
        // Start phases from the pitch, so a chord's voices never start in phase (no attack click).
        let seedPhase = Float((note.pitch * 37) % 100) / 100
        oscA = PolyBLEPOscillator(waveform: .saw, phase: seedPhase)
        oscB = PolyBLEPOscillator(waveform: .saw, phase: 1 - seedPhase * 0.5)
        filterL = StateVariableFilter(sampleRate: sampleRate)
        filterR = StateVariableFilter(sampleRate: sampleRate)
        formant2L = StateVariableFilter(sampleRate: sampleRate)
        formant2R = StateVariableFilter(sampleRate: sampleRate)
        switch character {
        case .warm:
            amp = Envelope(attack: 1.6, decay: 1.5, sustain: 0.85, release: 2.5, sampleRate: sampleRate)
            cutoff = 500 + 1600 * brightness + 500 * note.velocity
        case .bright:
            amp = Envelope(attack: 0.04, decay: 0.6, sustain: 0.8, release: 0.35, sampleRate: sampleRate)
            cutoff = 1200 + 4500 * brightness * note.velocity
        case .strings:
            amp = Envelope(attack: 0.9, decay: 1.0, sustain: 0.9, release: 1.8, sampleRate: sampleRate)
            cutoff = 1400 + 2500 * brightness
        case .choir:
            amp = Envelope(attack: 1.2, decay: 1.0, sustain: 0.9, release: 2.2, sampleRate: sampleRate)
            cutoff = 700
        }
        if character == .choir {
            filterL.set(cutoff: 700, resonance: 4)
            filterR.set(cutoff: 720, resonance: 4)
            formant2L.set(cutoff: 1150, resonance: 5)
            formant2R.set(cutoff: 1180, resonance: 5)
        } else {
            filterL.set(cutoff: cutoff, resonance: 0.9)
            filterR.set(cutoff: cutoff, resonance: 0.9)
        }
        gate = Gate(note: note, sampleRate: sampleRate)
        lfoPhase = seedPhase
        lfoIncrement = (character == .strings ? 5.2 : 0.13) / sampleRate
        let a = amplitude(forVelocity: note.velocity) * 0.3
        let pans = panGains(pan)
        gain = (a * pans.left, a * pans.right)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var (oscA, oscB, filterL, filterR) = (self.oscA, self.oscB, self.filterL, self.filterR)
        var (formant2L, formant2R, amp, gate) = (self.formant2L, self.formant2R, self.amp, self.gate)
        var (lfoPhase, counter) = (self.lfoPhase, self.counter)
        let (incA, incB, character, cutoff, gain, lfoIncrement) = (self.incA, self.incB, self.character, self.cutoff, self.gain, self.lfoIncrement)
        for i in 0..<frames {
            if gate.releasesNow() { amp.noteOff() }
            let env = amp.next()
            var l: Float, r: Float
            switch character {
            case .choir:
                let a = oscA.next(increment: incA), b = oscB.next(increment: incB)
                l = (filterL.bandpass(a) + formant2L.bandpass(a) * 0.6) * 1.6
                r = (filterR.bandpass(b) + formant2R.bandpass(b) * 0.6) * 1.6
            case .strings:
                let vibrato = 1 + FastSine.sin(cycles: lfoPhase) * 0.0025
                lfoPhase += lfoIncrement
                if lfoPhase >= 1 { lfoPhase -= 1 }
                let a = oscA.next(increment: incA * vibrato), b = oscB.next(increment: incB * vibrato)
                l = filterL.lowpass(a * 0.8 + b * 0.35)
                r = filterR.lowpass(b * 0.8 + a * 0.35)
            case .warm, .bright:
                // The filter breathes with a slow LFO, refreshed every 32 samples.
                if counter & 31 == 0 {
                    let c = cutoff * (1 + 0.25 * FastSine.sin(cycles: lfoPhase))
                    filterL.set(cutoff: c, resonance: 0.9)
                    filterR.set(cutoff: c * 1.03, resonance: 0.9)
                    lfoPhase += lfoIncrement * 32
                    if lfoPhase >= 1 { lfoPhase -= 1 }
                }
                counter += 1
                let a = oscA.next(increment: incA), b = oscB.next(increment: incB)
                l = filterL.lowpass(a * 0.8 + b * 0.35)
                r = filterR.lowpass(b * 0.8 + a * 0.35)
            }
            left[i] += l * env * gain.left
            right[i] += r * env * gain.right
        }
        (self.oscA, self.oscB, self.filterL, self.filterR) = (oscA, oscB, filterL, filterR)
        (self.formant2L, self.formant2R, self.amp, self.gate) = (formant2L, formant2R, amp, gate)
        (self.lfoPhase, self.counter) = (lfoPhase, counter)
        return !amp.isFinished
    }
}
