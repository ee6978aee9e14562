/// The controllers of one MIDI channel as a General MIDI player keeps them, with the GM
/// power-on defaults (volume 100, expression 127, pan centre, bend range ±2 semitones).
struct MIDIChannelState {
    var program = 0
    /// Bank select MSB (CC0); LSB (CC32) is ignored, as GM fonts have no use for it.
    var bank = 0
    var volume = 100
    var expression = 127
    var pan = 64
    var reverb = 40
    var sustain = false
    /// 0…16383, centre 8192.
    var bendValue = 8192
    /// RPN 0: pitch-bend sensitivity, in semitones (MSB) plus cents (LSB).
    var bendRangeSemitones = 2
    var bendRangeCents = 0
    /// The RPN selected by CC101/CC100; (127, 127) is the null RPN, which data entry ignores.
    var rpn = (msb: 127, lsb: 127)

    /// Channel gain as SoundFont 2.04's default modulators have it: CC7 and CC11 each
    /// attenuate by a concave curve of 960 cB, which is a squared-amplitude law.
    var gain: Double {
        let v = Double(volume) / 127, e = Double(expression) / 127
        return v * v * e * e
    }

    var bendSemitones: Double {
        Double(bendValue - 8192) / 8192 * (Double(bendRangeSemitones) + Double(bendRangeCents) / 100)
    }

    /// CC121, Reset All Controllers, as GM recommended practice RP-015 lists it: volume, pan,
    /// program and bank stay as they are.
    mutating func resetControllers() {
        expression = 127
        sustain = false
        bendValue = 8192
        rpn = (127, 127)
    }

    /// Data entry (CC6 MSB, CC38 LSB) for the selected RPN; only RPN 0 (bend range) is acted on.
    mutating func dataEntry(controller: Int, value: Int) {
        guard rpn == (0, 0) else { return }
        if controller == 6 { bendRangeSemitones = value; bendRangeCents = 0 } else { bendRangeCents = value }
    }
}
