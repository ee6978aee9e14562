/// One `pmod`/`imod` record (§7.4, §8.2–8.4), kept as the raw enumerations from the file.
///
/// The reader keeps modulators but does not apply them: a modulator maps a live controller
/// (velocity, mod wheel, pitch bend…) onto a generator, so it can only be evaluated while a
/// note plays. The same goes for the ten default modulators of §8.4 (velocity to
/// attenuation, velocity to filter cutoff, and the rest), which apply to every zone without
/// appearing in the file; the sample player adds them, together with the ones kept here.
public struct SoundFontModulator: Sendable, Equatable, Hashable {
    /// `sfModSrcOper`: controller index, palette, direction, polarity and curve type, packed
    /// as §8.2 describes.
    public let source: UInt16
    /// `sfModDestOper`: the generator this modulator adds to (a `SoundFontGenerator` raw
    /// value), or a link to another modulator when bit 15 is set.
    public let destination: UInt16
    /// `modAmount`: full scale of the effect, in the destination generator's units.
    public let amount: Int16
    /// `sfModAmtSrcOper`: a second source that scales `amount` (0 for none).
    public let amountSource: UInt16
    /// `sfModTransOper`: 0 linear, 2 absolute value.
    public let transform: UInt16

    /// Public so that the player can write the default modulators of §8.4 in the same form.
    public init(
        source: UInt16, destination: UInt16, amount: Int16, amountSource: UInt16, transform: UInt16
    ) {
        self.source = source
        self.destination = destination
        self.amount = amount
        self.amountSource = amountSource
        self.transform = transform
    }

    /// The destination as a generator, if it is one this reader knows.
    public var destinationGenerator: SoundFontGenerator? { SoundFontGenerator(rawValue: destination) }

    /// Two modulators with the same source, destination and amount source are "the same
    /// modulator" (§7.4): a later one replaces an earlier one in the same zone, and a local
    /// zone's replaces the global zone's.
    func isSameModulator(as other: SoundFontModulator) -> Bool {
        source == other.source && destination == other.destination
            && amountSource == other.amountSource
    }

    /// `local` layered over `global` by the identity rule above; order otherwise kept.
    static func merged(global: [SoundFontModulator], local: [SoundFontModulator]) -> [SoundFontModulator] {
        var result = deduplicated(global)
        for modulator in deduplicated(local) {
            if let index = result.firstIndex(where: { $0.isSameModulator(as: modulator) }) {
                result[index] = modulator
            } else {
                result.append(modulator)
            }
        }
        return result
    }

    /// Within one zone the last of several identical modulators wins.
    private static func deduplicated(_ list: [SoundFontModulator]) -> [SoundFontModulator] {
        var result: [SoundFontModulator] = []
        for modulator in list {
            if let index = result.firstIndex(where: { $0.isSameModulator(as: modulator) }) {
                result[index] = modulator
            } else {
                result.append(modulator)
            }
        }
        return result
    }
}
