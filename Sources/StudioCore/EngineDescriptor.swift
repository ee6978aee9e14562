/// What an engine says about itself: the catalogue entry of CONTRACT §6.
///
/// Every field is a promise the engine keeps. `studio engines`, the API and the published
/// catalogue all print this one value.
public struct EngineDescriptor: Codable, Sendable, Equatable {
    public var engineKey: String
    public var name: String
    public var description: String
    /// Bumped whenever the same inputs would render different audio; part of every render's hash.
    public var version: String
    public var maxDurationSeconds: Int
    public var vocals: Bool
    public var stems: Bool
    public var stemNames: [String]
    /// Lyric languages; an instrumental engine has none.
    public var languages: [String]
    public var licence: LicenceTerms
    /// Where the licence terms come from, so that an operator can check them: "built-in: …" for
    /// terms we know, "sidecar: PATH" for terms the operator declared for a SoundFont, "unknown
    /// font …" when nobody has (and the class is then `unclear`).
    public var licenceSource: String
    public var formats: [AudioFormat]
    public var sampleRate: Int
    public var channels: Int
    public var enabled: Bool
    /// Why an engine is disabled, in words a user can act on; nil when enabled.
    public var disabledReason: String?

    public init(
        engineKey: String, name: String, description: String, version: String,
        maxDurationSeconds: Int, stemNames: [String], licence: LicenceTerms,
        licenceSource: String = "built-in", formats: [AudioFormat] = AudioFormat.allCases, sampleRate: Int = 48_000,
        enabled: Bool = true, disabledReason: String? = nil
    ) {
        self.engineKey = engineKey
        self.name = name
        self.description = description
        self.version = version
        self.maxDurationSeconds = maxDurationSeconds
        self.vocals = false
        self.stems = !stemNames.isEmpty
        self.stemNames = stemNames
        self.languages = []
        self.licence = licence
        self.licenceSource = licenceSource
        self.formats = formats
        self.sampleRate = sampleRate
        self.channels = 2
        self.enabled = enabled
        self.disabledReason = disabledReason
    }

    public var licenceClass: LicenceClass { licence.licenceClass }
    public var commercialUse: Bool { licence.commercialUse }

    enum CodingKeys: String, CodingKey {
        case engineKey = "engine_key", name, description, version
        case maxDurationSeconds = "max_duration_seconds"
        case vocals, stems, stemNames = "stem_names", languages
        case licenceClass = "licence_class", commercialUse = "commercial_use"
        case requiresAttribution = "requires_attribution", attribution, licenceSource = "licence_source"
        case formats, sampleRate = "sample_rate", channels, enabled
        case disabledReason = "disabled_reason"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        engineKey = try c.decode(String.self, forKey: .engineKey)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        version = try c.decode(String.self, forKey: .version)
        maxDurationSeconds = try c.decode(Int.self, forKey: .maxDurationSeconds)
        vocals = try c.decode(Bool.self, forKey: .vocals)
        stems = try c.decode(Bool.self, forKey: .stems)
        stemNames = try c.decode([String].self, forKey: .stemNames)
        languages = try c.decode([String].self, forKey: .languages)
        licence = LicenceTerms(
            licenceClass: try c.decode(LicenceClass.self, forKey: .licenceClass),
            requiresAttribution: try c.decode(Bool.self, forKey: .requiresAttribution),
            attribution: try c.decodeIfPresent(String.self, forKey: .attribution))
        licenceSource = try c.decodeIfPresent(String.self, forKey: .licenceSource) ?? "built-in"
        formats = try c.decode([AudioFormat].self, forKey: .formats)
        sampleRate = try c.decode(Int.self, forKey: .sampleRate)
        channels = try c.decode(Int.self, forKey: .channels)
        enabled = try c.decode(Bool.self, forKey: .enabled)
        disabledReason = try c.decodeIfPresent(String.self, forKey: .disabledReason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(engineKey, forKey: .engineKey)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(version, forKey: .version)
        try c.encode(maxDurationSeconds, forKey: .maxDurationSeconds)
        try c.encode(vocals, forKey: .vocals)
        try c.encode(stems, forKey: .stems)
        try c.encode(stemNames, forKey: .stemNames)
        try c.encode(languages, forKey: .languages)
        try c.encode(licence.licenceClass, forKey: .licenceClass)
        // Derived, never stored: commercial use cannot disagree with the class.
        try c.encode(licence.commercialUse, forKey: .commercialUse)
        try c.encode(licence.requiresAttribution, forKey: .requiresAttribution)
        try c.encode(licence.attribution, forKey: .attribution)
        try c.encode(licenceSource, forKey: .licenceSource)
        try c.encode(formats, forKey: .formats)
        try c.encode(sampleRate, forKey: .sampleRate)
        try c.encode(channels, forKey: .channels)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(disabledReason, forKey: .disabledReason)
    }
}
