/// The notes our SoundFont player does not yet play within issue #3's bounds of FluidSynth
/// (issue #15 item 2 is open; docs/ENGINES.md lists why), each with the figures measured when it
/// was listed. A ratchet: a listed note may not drift further from FluidSynth than it was (beyond
/// a measuring margin), every other note must meet the bounds, and a listed note that meets them
/// must leave the list — so the list can only shrink.
enum KnownGeneralMIDIDeviations {
    struct Figures {
        /// Absolute pitch difference in cents, band RMS difference in dB, absolute length difference in seconds.
        let cents: Double, bands: Double, length: Double
        static let margin = (cents: 1.0, bands: 0.25, length: 0.010)

        func allows(_ comparison: NoteComparison) -> Bool {
            abs(comparison.cents ?? 0) <= max(NoteComparison.centsBound, cents + Self.margin.cents)
                && comparison.bandRMS <= max(NoteComparison.bandBound, bands + Self.margin.bands)
                && abs(comparison.lengthDifference) <= max(NoteComparison.lengthBound, length + Self.margin.length)
        }
    }

    static let figures: [String: Figures] = [:]
}
