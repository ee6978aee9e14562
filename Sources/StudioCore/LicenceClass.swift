/// The licence under which a piece of generated audio may be used.
///
/// The classes are ordered from most to least permissive so that a track can never claim more
/// than the engine that made it (`min(engine, policy)` is the honest answer).
public enum LicenceClass: String, Codable, Sendable, CaseIterable, Comparable {
    case commercialCleared = "commercial_cleared"
    case commercialEnterprise = "commercial_enterprise"
    case personalOnly = "personal_only"
    case unclear = "unclear"

    /// Only the two commercial classes allow commercial use; an unclear licence never does.
    public var allowsCommercialUse: Bool {
        switch self {
        case .commercialCleared, .commercialEnterprise: true
        case .personalOnly, .unclear: false
        }
    }

    private var permissiveness: Int {
        switch self {
        case .commercialCleared: 3
        case .commercialEnterprise: 2
        case .personalOnly: 1
        case .unclear: 0
        }
    }

    /// `a < b` reads "a is less permissive than b".
    public static func < (lhs: LicenceClass, rhs: LicenceClass) -> Bool {
        lhs.permissiveness < rhs.permissiveness
    }
}

/// The licence facts that travel with every rendered file, page and API object.
public struct LicenceTerms: Codable, Sendable, Equatable {
    public var licenceClass: LicenceClass
    public var requiresAttribution: Bool
    public var attribution: String?

    public init(licenceClass: LicenceClass, requiresAttribution: Bool, attribution: String?) {
        self.licenceClass = licenceClass
        self.requiresAttribution = requiresAttribution
        self.attribution = attribution
    }

    public var commercialUse: Bool { licenceClass.allowsCommercialUse }

    /// One line for a file's comment tag: the same facts the API shows, in words.
    public var summary: String {
        var parts = [
            "Licence: \(licenceClass.rawValue)",
            "commercial use: \(commercialUse ? "yes" : "no")",
            "attribution required: \(requiresAttribution ? "yes" : "no")",
        ]
        if let attribution { parts.append("attribution: \(attribution)") }
        return parts.joined(separator: "; ")
    }

    enum CodingKeys: String, CodingKey {
        case licenceClass = "licence_class"
        case requiresAttribution = "requires_attribution"
        case attribution
    }
}
