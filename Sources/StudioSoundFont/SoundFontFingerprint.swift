/// A cheap change detector for a SoundFont file: the file size and a 64-bit FNV-1a hash of
/// the whole `pdta` list and of every 65536th sample point.
///
/// It answers "is this still the font I analysed / cached / rendered with?" for caches keyed
/// by font, without reading 150 MB: any edit to a preset, instrument or sample header changes
/// pdta, and a changed file size or a resampled, replaced or re-ordered sample set is caught
/// by the size and the sparse sample sweep. An edit confined to sample points between the
/// sampled ones goes unnoticed. It is not a security hash: FNV-1a is trivially forgeable and
/// must never be used to decide whether a file is trustworthy.
///
/// The sweep reads one point in 65536 (one page in 32), so computing it for FluidR3_GM touches
/// about 4.5 MB of its 145 MB: cheap enough to run when an engine needs the font's identity for
/// its version, without pulling the sample data into memory.
enum SoundFontFingerprint {
    static let sampleStride = 65536

    static func compute(
        fileSize: Int, presetData: UnsafeRawBufferPointer, samples: UnsafeBufferPointer<Int16>
    ) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a 64-bit offset basis
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3 // FNV 64-bit prime
        }
        for byte in presetData { mix(byte) }
        for index in stride(from: 0, to: samples.count, by: sampleStride) {
            let point = UInt16(bitPattern: samples[index]) // file order: little-endian
            mix(UInt8(truncatingIfNeeded: point))
            mix(UInt8(truncatingIfNeeded: point >> 8))
        }
        let hex = String(hash, radix: 16)
        return String(fileSize, radix: 16) + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
