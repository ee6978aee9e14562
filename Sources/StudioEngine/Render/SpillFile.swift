import Foundation

/// A temporary file of raw Float32 blocks between the two passes of a render.
///
/// Loudness normalisation needs the integrated loudness of the whole piece before the first
/// sample can be written, so pass one spills the unmastered mix (and stems) here and pass two
/// reads it back. Memory stays flat however long the piece is; the file is deleted on close.
final class SpillFile: @unchecked Sendable {
    // @unchecked: writes happen on one thread in pass one; pass two only reads with pread, which
    // is safe from several threads at once.
    let url: URL
    let channels: Int
    let blockFrames: Int
    private let descriptor: Int32
    private(set) var blocks = 0

    init(directory: URL, channels: Int, blockFrames: Int) throws {
        url = directory.appendingPathComponent("studio-spill-\(UUID().uuidString).f32")
        self.channels = channels
        self.blockFrames = blockFrames
        descriptor = open(url.path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw RenderError.io("cannot create temporary file \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(descriptor)
        unlink(url.path)
    }

    private var blockBytes: Int { channels * blockFrames * MemoryLayout<Float>.size }

    /// Appends one block; `planes[c]` holds `frames` samples of channel c (the rest is zero-padded).
    func append(_ planes: [UnsafePointer<Float>], frames: Int, scratch: UnsafeMutablePointer<Float>) throws {
        for (c, plane) in planes.enumerated() {
            let target = scratch + c * blockFrames
            target.update(from: plane, count: frames)
            if frames < blockFrames { (target + frames).update(repeating: 0, count: blockFrames - frames) }
        }
        let offset = off_t(blocks) * off_t(blockBytes)
        var written = 0
        while written < blockBytes {
            let n = pwrite(descriptor, UnsafeRawPointer(scratch) + written, blockBytes - written, offset + off_t(written))
            guard n > 0 else {
                throw RenderError.io("cannot write temporary file \(url.path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        blocks += 1
    }

    /// Reads channel `channel` of block `block` into `into` (blockFrames samples).
    func read(block: Int, channel: Int, into: UnsafeMutablePointer<Float>) throws {
        let bytes = blockFrames * MemoryLayout<Float>.size
        let offset = off_t(block) * off_t(blockBytes) + off_t(channel * bytes)
        var done = 0
        while done < bytes {
            let n = pread(descriptor, UnsafeMutableRawPointer(into) + done, bytes - done, offset + off_t(done))
            guard n > 0 else {
                throw RenderError.io("cannot read temporary file \(url.path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
