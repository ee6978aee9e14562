import Foundation

/// Errors as a person reads them: Foundation's errors (`CocoaError`, `POSIXError`, any `NSError`)
/// become "the file or directory does not exist" and the like, never their
/// `Error Domain=… Code=… UserInfo={…}` dump; every other error is its own description.
///
/// Callers put the path or setting concerned in front: the reason alone does not say which file.
public enum ErrorText {
    /// What went wrong, in words; no path (the caller names it).
    public static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError { return reason(cocoa: cocoa) }
        if let posix = error as? POSIXError { return posixReason(posix.code.rawValue) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return posixReason(Int32(nsError.code)) }
        if nsError.domain == NSCocoaErrorDomain { return reason(cocoa: CocoaError(CocoaError.Code(rawValue: nsError.code))) }
        let text = String(describing: error)
        return isRaw(text) ? "an unexpected \(nsError.domain) error \(nsError.code)" : text
    }

    /// The reason with the file Foundation names (if any) in front: "/a/b: the file does not exist".
    public static func describe(_ error: any Error) -> String {
        let text = reason(error)
        if let cocoa = error as? CocoaError, let path = cocoa.filePath ?? cocoa.url?.path { return "\(path): \(text)" }
        return text
    }

    /// Whether `text` is Foundation's internal error dump, which must not reach a user.
    public static func isRaw(_ text: String) -> Bool {
        text.contains("Error Domain=") || text.contains("NSCocoaErrorDomain") || text.contains("UserInfo=")
    }

    private static func reason(cocoa: CocoaError) -> String {
        if let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posixReason(Int32(underlying.code))
        }
        switch cocoa.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileWriteFileExists: return "a file is in the way where a directory is needed"
        case .fileReadCorruptFile: return "the file is damaged or not in the expected format"
        case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "the file is not UTF-8 text"
        case .fileReadTooLarge: return "the file is too large"
        case .fileLocking: return "the file is locked"
        default: return cocoa.code.rawValue >= 512 && cocoa.code.rawValue < 640 ? "the file cannot be written" : "the file cannot be read"
        }
    }

    private static func posixReason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
