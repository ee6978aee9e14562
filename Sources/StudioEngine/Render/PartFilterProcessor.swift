/// Runs a `PartFilter` on a part's stereo block: two state-variable filters (four for formants)
/// whose cutoff follows the LFO, refreshed every 32 samples.
struct PartFilterProcessor {
    private let settings: PartFilter
    private var left: StateVariableFilter, right: StateVariableFilter
    private var secondLeft: StateVariableFilter, secondRight: StateVariableFilter
    private var lfoPhase: Float = 0
    private let lfoIncrement: Float
    private var counter = 0

    init(_ settings: PartFilter, sampleRate: Float) {
        self.settings = settings
        left = StateVariableFilter(sampleRate: sampleRate)
        right = StateVariableFilter(sampleRate: sampleRate)
        secondLeft = StateVariableFilter(sampleRate: sampleRate)
        secondRight = StateVariableFilter(sampleRate: sampleRate)
        lfoIncrement = settings.lfoRate / sampleRate
        if settings.mode == .formant {
            // The vowel "ah": formants near 700 Hz and 1150 Hz.
            left.set(cutoff: settings.cutoff, resonance: settings.resonance)
            right.set(cutoff: settings.cutoff * 1.03, resonance: settings.resonance)
            secondLeft.set(cutoff: settings.cutoff * 1.64, resonance: settings.resonance * 1.25)
            secondRight.set(cutoff: settings.cutoff * 1.69, resonance: settings.resonance * 1.25)
        } else {
            left.set(cutoff: settings.cutoff, resonance: settings.resonance)
            right.set(cutoff: settings.cutoff, resonance: settings.resonance)
        }
    }

    mutating func process(left l: UnsafeMutablePointer<Float>, right r: UnsafeMutablePointer<Float>, frames: Int) {
        var (fl, fr, sl, sr) = (left, right, secondLeft, secondRight)
        var (phase, counter) = (lfoPhase, self.counter)
        let s = settings
        switch s.mode {
        case .formant:
            for i in 0..<frames {
                let x = l[i], y = r[i]
                l[i] = (fl.bandpass(x) + sl.bandpass(x) * 0.6) * 1.1
                r[i] = (fr.bandpass(y) + sr.bandpass(y) * 0.6) * 1.1
            }
        case .lowpass:
            for i in 0..<frames {
                if s.lfoDepth != 0 && counter & 31 == 0 {
                    let c = s.cutoff * (1 + s.lfoDepth * FastSine.sin(cycles: phase))
                    fl.set(cutoff: c, resonance: s.resonance)
                    fr.set(cutoff: c * 1.03, resonance: s.resonance)
                    phase += lfoIncrement * 32
                    if phase >= 1 { phase -= 1 }
                }
                counter += 1
                l[i] = fl.lowpass(l[i])
                r[i] = fr.lowpass(r[i])
            }
        }
        (left, right, secondLeft, secondRight) = (fl, fr, sl, sr)
        (lfoPhase, self.counter) = (phase, counter)
    }
}
