import Foundation
import StudioStore

/// `storage_bytes` of usage: the bytes of the distinct files an organization's tracks and focus
/// segments use, each file counted once — by path (a promoted segment and its track name the
/// same file) and by inode (two paths hard-linked to one file are one file on the disk). A file
/// missing from the disk takes no space and counts nothing.
struct StorageMeter: Sendable {
    let store: StateStore
    let rendersDirectory: URL

    func bytes(organizationID: String) throws -> Int {
        var seen = Set<FileIdentity>()
        var total = 0
        for file in try store.storedFiles(organizationID: organizationID) {
            var info = stat()
            guard stat(rendersDirectory.appendingPathComponent(file.path).path, &info) == 0 else { continue }
            if seen.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted {
                total += Int(info.st_size)
            }
        }
        return total
    }

    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }
}
