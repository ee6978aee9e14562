import Foundation
import StudioSoundFont

/// One note played from SoundFont samples: a layer per region, each reading its sample with
/// 4-point Hermite interpolation at the pitch the region's root key and tuning give, through the
/// volume envelope, the initial low-pass and the default velocity modulators, panned and summed.
final class SampleVoice: Voice {
    private var layers: [SampleLayer]
    private var gate: Gate
    private var released = false

    /// Playback-rate multiplier for every layer (2^(semitones/12)), for pitch bend: takes
    /// effect from the next `render` call, so a caller bends by rendering in short slices.
    var pitchRatio: Double = 1 {
        didSet { for index in layers.indices { layers[index].pitchRatio = pitchRatio } }
    }

    init(note: NoteEvent, velocity: Int, regions: [SoundFontRegion], soundFont: SoundFont, pan: Float, sampleRate: Float,
         velocityToFilter: Bool = false, centred: Bool = false) {
        layers = regions.map { SampleLayer(region: $0, key: note.pitch, velocity: velocity, data: soundFont.samples,
                                           pan: pan, outputRate: sampleRate, velocityToFilter: velocityToFilter,
                                           centred: centred) }
        gate = Gate(note: note, sampleRate: sampleRate)
    }

    func render(left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) -> Bool {
        var done = 0
        while done < frames {
            var count = frames - done
            if !released {
                // `releasesNow` fires on the gate's last sample: release there, to the sample.
                let untilRelease = gate.remaining - 1
                if untilRelease <= 0 {
                    released = true
                    for index in layers.indices { layers[index].release() }
                } else {
                    count = min(count, untilRelease)
                    gate.advance(by: count)
                }
            }
            for index in layers.indices {
                layers[index].render(left: left + done, right: right + done, frames: count)
            }
            done += count
        }
        return layers.contains { $0.isSounding }
    }

    func choke() {
        for index in layers.indices { layers[index].choke() }
    }
}
