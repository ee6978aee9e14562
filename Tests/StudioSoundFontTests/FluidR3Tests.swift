import Foundation
import Testing
import StudioSoundFont

/// The real General MIDI font Debian ships (package fluid-soundfont-gm, which `make test`
/// installs): it must parse, hold the GM programs and the standard kit, and open without
/// pulling its 140 MB of samples into memory.
@Suite struct FluidR3Tests {
    static let path = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    /// VmRSS of this process in KB.
    static func residentKB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func opensFluidR3MappedWithGeneralMIDIPresets() throws {
        guard FileManager.default.fileExists(atPath: Self.path) else {
            Issue.record("\(Self.path) is missing: install the fluid-soundfont-gm package")
            return
        }
        let before = try Self.residentKB()
        let font = try SoundFont.open(path: Self.path)
        let after = try Self.residentKB()

        // The samples really are the bulk of the file, and opening did not read them.
        #expect(font.samples.count * 2 > 140_000_000)
        let grownKB = after - before
        #expect(grownKB < 32 * 1024, "VmRSS grew by \(grownKB) KB on opening a \(font.fileSize)-byte font")

        #expect(font.name == "Fluid R3 GM")
        #expect(font.info.version.major == 2)
        #expect(font.copyright?.contains("Frank Wen") == true)
        #expect(font.comment == "Licensed under the MIT License.")
        for program in 0..<128 {
            #expect(font.preset(bank: 0, program: program) != nil, "GM program \(program) missing")
        }
        let drums = try #require(font.preset(bank: 128, program: 0))
        #expect(drums.name == "Standard" && drums.isPercussion)
        #expect(!font.regions(preset: 128, program: 0, key: 36, velocity: 100).isEmpty) // kick

        let piano = font.regions(preset: 0, program: 0, key: 60, velocity: 100)
        let covering = piano.filter {
            $0.keyRange.contains(60) && $0.velocityRange.contains(100) && $0.start < $0.end
                && $0.end <= font.samples.count && abs($0.rootKey - 60) <= 12
        }
        #expect(!covering.isEmpty, "no region of program 0 covers key 60 at velocity 100")
        // Only now touch sample pages: the region's sample is real audio, not silence.
        if let region = covering.first {
            let peak = font.samples(for: region).reduce(0) { max($0, abs(Int($1))) }
            #expect(peak > 1000)
        }
    }
}
