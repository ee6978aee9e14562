/// Whether two byte strings are equal, taking the same time wherever they first differ.
///
/// Use this for anything secret or secret-derived — token hashes, API key hashes, signatures —
/// so that an attacker timing many guesses cannot learn a correct prefix byte by byte. Only the
/// lengths are compared early: they are public (every token and digest has a fixed length).
public func constantTimeEquals<A: Collection, B: Collection>(_ lhs: A, _ rhs: B) -> Bool
where A.Element == UInt8, B.Element == UInt8 {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(lhs, rhs) {
        difference |= left ^ right
    }
    return difference == 0
}

/// Whether two strings have the same UTF-8 bytes, compared in constant time.
///
/// For tokens as presented in headers; no Unicode normalization happens, so only byte-identical
/// strings are equal — which is what a secret needs.
public func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
}
