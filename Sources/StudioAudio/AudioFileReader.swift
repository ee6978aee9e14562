import CSndFile
import Foundation

/// Reads a whole audio file back as two channels of floats, and its tags.
///
/// Tests use it to check what the writer produced, and the build re-reads rendered audio to
/// measure it; neither needs streaming, so the API is deliberately "everything at once".
public final class AudioFileReader {
    public let url: URL
    public let frames: Int
    public let sampleRate: Int
    public let channels: Int

    private var handle: OpaquePointer?

    public init(url: URL) throws {
        self.url = url
        var info = SF_INFO()
        guard let opened = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw AudioFileError.libsndfile(path: url.path, handle: nil, context: "cannot open for reading")
        }
        handle = opened
        frames = Int(info.frames)
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
    }

    deinit {
        if let handle { sf_close(handle) }
    }

    /// All frames from the start of the file. Mono is duplicated to both sides so that callers
    /// always get stereo; beyond two channels only the first two are returned.
    public func readAll() throws -> (left: [Float], right: [Float]) {
        guard let handle else { throw AudioFileError(path: url.path, message: "read after close") }
        guard sf_seek(handle, 0, SEEK_SET) >= 0 else {
            throw AudioFileError.libsndfile(path: url.path, handle: handle, context: "cannot rewind")
        }
        let chunk = 8192
        var interleaved = [Float](repeating: 0, count: chunk * channels)
        var left: [Float] = []
        var right: [Float] = []
        left.reserveCapacity(max(frames, 0))
        right.reserveCapacity(max(frames, 0))
        while true {
            let got = interleaved.withUnsafeMutableBufferPointer {
                Int(sf_readf_float(handle, $0.baseAddress, sf_count_t(chunk)))
            }
            if got <= 0 { break }
            for i in 0..<got {
                left.append(interleaved[i * channels])
                right.append(interleaved[i * channels + (channels > 1 ? 1 : 0)])
            }
        }
        if sf_error(handle) != 0 {
            throw AudioFileError.libsndfile(path: url.path, handle: handle, context: "read failed")
        }
        return (left, right)
    }

    /// The tag's text as libsndfile read it, nil when the file does not carry it.
    public func string(_ tag: AudioTag) -> String? {
        guard let handle, let text = sf_get_string(handle, tag.sfStringType) else { return nil }
        return String(cString: text)
    }
}
