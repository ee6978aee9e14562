import Foundation

/// The smallest SoundFont the sampled engines can play: one preset (bank 0, program 0, the GM
/// piano `keys-1` asks for) over one instrument of one looped sine sample, written byte by byte
/// (SoundFont 2.04, section 7). A font nobody has vouched for: its licence is unknown.
enum TinySoundFont {
    /// The font's bytes; `name` goes into INAM, so that two calls can make different fonts.
    static func bytes(name: String = "Tiny Test Font") -> [UInt8] {
        let sampleCount = 4410   // 441 Hz at 44.1 kHz: exactly 100 periods of 100 points
        var smpl: [UInt8] = []
        for index in 0..<(sampleCount + 46) {   // the spec's 46 points of silence after each sample
            let value = index < sampleCount ? Int16(12_000 * sin(2 * Double.pi * Double(index) / 100)) : 0
            smpl += u16(UInt16(bitPattern: value))
        }
        let info = list("INFO", [chunk("ifil", u16(2) + u16(4)), chunk("isng", text("EMU8000")), chunk("INAM", text(name))])
        let sdta = list("sdta", [chunk("smpl", smpl)])
        let phdr = fixed("Tiny Piano", 20) + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + u32(0)
            + fixed("EOP", 20) + u16(0) + u16(0) + u16(1) + u32(0) + u32(0) + u32(0)
        let pbag = u16(0) + u16(0) + u16(1) + u16(0)
        let pgen = u16(41) + u16(0) + u16(0) + u16(0)                  // instrument 0; terminal
        let inst = fixed("Tiny", 20) + u16(0) + fixed("EOI", 20) + u16(1)
        let ibag = u16(0) + u16(0) + u16(2) + u16(0)
        let igen = u16(54) + u16(1) + u16(53) + u16(0) + u16(0) + u16(0)   // loop; sample 0; terminal
        let shdr = fixed("Sine", 20) + u32(0) + u32(UInt32(sampleCount)) + u32(1000) + u32(4000) + u32(44_100)
            + [69, 0] + u16(0) + u16(1)
            + fixed("EOS", 20) + u32(0) + u32(0) + u32(0) + u32(0) + u32(0) + [0, 0] + u16(0) + u16(0)
        let pdta = list("pdta", [chunk("phdr", phdr), chunk("pbag", pbag), chunk("pmod", [UInt8](repeating: 0, count: 10)),
                                 chunk("pgen", pgen), chunk("inst", inst), chunk("ibag", ibag),
                                 chunk("imod", [UInt8](repeating: 0, count: 10)), chunk("igen", igen), chunk("shdr", shdr)])
        let body = Array("sfbk".utf8) + info + sdta + pdta
        return Array("RIFF".utf8) + u32(UInt32(body.count)) + body
    }

    static func write(to url: URL, name: String = "Tiny Test Font") throws {
        try Data(bytes(name: name)).write(to: url)
    }

    private static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// A zero-terminated string padded to an even length, as INFO sub-chunks are.
    private static func text(_ string: String) -> [UInt8] {
        let bytes = Array(string.utf8) + [0]
        return bytes.count.isMultiple(of: 2) ? bytes : bytes + [0]
    }

    /// A fixed-width, zero-padded name field.
    private static func fixed(_ string: String, _ width: Int) -> [UInt8] {
        Array(Array(string.utf8).prefix(width - 1)) + [UInt8](repeating: 0, count: width - min(string.utf8.count, width - 1))
    }

    private static func chunk(_ id: String, _ data: [UInt8]) -> [UInt8] {
        Array(id.utf8) + u32(UInt32(data.count)) + data + (data.count.isMultiple(of: 2) ? [] : [0])
    }

    private static func list(_ type: String, _ chunks: [[UInt8]]) -> [UInt8] {
        let body = Array(type.utf8) + chunks.flatMap { $0 }
        return Array("LIST".utf8) + u32(UInt32(body.count)) + body
    }
}
