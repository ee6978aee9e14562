import Foundation

/// The three figures issue #3 bounds, for one note played by our player and by FluidSynth:
/// the fundamental's difference in cents, the RMS difference of the 1/3-octave band levels,
/// and the difference in how long the note lasts.
struct NoteComparison {
    /// nil for an unpitched note (a drum), where no fundamental is compared.
    let cents: Double?
    let bandRMS: Double
    let bandDiffs: [Double]
    let ourLength: Double, theirLength: Double
    var lengthDifference: Double { ourLength - theirLength }

    static let centsBound = 5.0, bandBound = 3.0, lengthBound = 0.05

    var passes: Bool {
        abs(cents ?? 0) <= Self.centsBound && bandRMS <= Self.bandBound && abs(lengthDifference) <= Self.lengthBound
    }

    /// Measures both renders the same way (see `RenderedNote` and `NoteSpectrum`). The pitch
    /// is read from 0.1 s after the onset, over the steady part of a note held for a second.
    init(ours: RenderedNote, theirs: RenderedNote, key: Int, pitched: Bool) {
        let rate = ours.sampleRate
        let (ourOnset, theirOnset) = (ours.onset, theirs.onset)
        if pitched {
            let offset = Int(0.1 * rate), n = NoteSpectrum.pitchWindow
            let theirSpectrum = NoteSpectrum.hannMagnitudes(theirs.mid(from: theirOnset + offset, count: n))
            let ourSpectrum = NoteSpectrum.hannMagnitudes(ours.mid(from: ourOnset + offset, count: n))
            let nominal = 440 * pow(2, Double(key - 69) / 12)
            let h = NoteSpectrum.strongestHarmonic(theirSpectrum, nominal: nominal, sampleRate: rate)
            let theirF0 = NoteSpectrum.peak(in: theirSpectrum, near: Double(h) * nominal, sampleRate: rate).frequency
            let ourF0 = NoteSpectrum.peak(in: ourSpectrum, near: Double(h) * nominal, sampleRate: rate).frequency
            cents = 1200 * log2(ourF0 / theirF0)
        } else {
            cents = nil
        }
        let bands = NoteSpectrum.bandDifference(ours: NoteSpectrum.bandPowers(ours, from: ourOnset),
                                                theirs: NoteSpectrum.bandPowers(theirs, from: theirOnset))
        (bandRMS, bandDiffs) = (bands.rms, bands.diffs)
        (ourLength, theirLength) = (ours.duration, theirs.duration)
    }

    /// One line of figures, as the test prints it for a failing note.
    var summary: String {
        let pitch = cents.map { String(format: "%+7.2f ct", $0) } ?? "      –   "
        return pitch + String(format: " | bands %5.2f dB RMS | lasts %.3f s vs %.3f s (%+5.0f ms)",
                              bandRMS, ourLength, theirLength, lengthDifference * 1000)
    }
}
