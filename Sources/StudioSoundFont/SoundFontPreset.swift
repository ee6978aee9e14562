/// A preset as a MIDI program change selects it: bank (CC 0/32) and program number.
///
/// Bank 128 holds the percussion kits by SoundFont convention (General MIDI channel 10).
public struct SoundFontPreset: Sendable, Equatable, Hashable {
    public let name: String
    public let bank: Int
    public let program: Int

    public init(name: String, bank: Int, program: Int) {
        self.name = name
        self.bank = bank
        self.program = program
    }

    public var isPercussion: Bool { bank == 128 }
}
