import Foundation
import StudioCore

/// The operator's declaration of a SoundFont's terms: `FONT.sf2.licence.json` beside the font.
///
/// ```json
/// {"licence_class": "commercial_cleared", "commercial_use": true,
///  "requires_attribution": true, "attribution": "Samples: Some Font (c) 2024 Someone, CC BY 4.0"}
/// ```
///
/// `licence_class` is one of the contract's four classes; `commercial_use` may be given but must
/// agree with the class (only the two commercial classes allow it); `attribution` is required
/// when `requires_attribution` is true. Anything else — an unknown field, a wrong type, a
/// control character in the attribution — makes the whole file invalid, and the font is then
/// treated as unknown: a declaration that does not parse must never widen the terms.
enum SoundFontLicenceSidecar {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static let fields: Set<String> = ["licence_class", "commercial_use", "requires_attribution", "attribution"]
    static let maxAttributionLength = 500

    static func read(at path: String) throws -> LicenceTerms {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Invalid(description: "expected one JSON object")
        }
        if let unknown = Set(object.keys).subtracting(fields).sorted().first {
            throw Invalid(description: "unknown field \"\(unknown)\" (known: \(fields.sorted().joined(separator: ", ")))")
        }
        let declaration: Declaration
        do { declaration = try JSONDecoder().decode(Declaration.self, from: data) } catch let error as DecodingError {
            throw Invalid(description: Self.describe(error))
        }
        let classes = LicenceClass.allCases.map(\.rawValue).joined(separator: ", ")
        guard let licenceClass = LicenceClass(rawValue: declaration.licenceClass) else {
            throw Invalid(description: "licence_class must be one of \(classes), got \"\(declaration.licenceClass)\"")
        }
        let requiresAttribution = declaration.requiresAttribution
        if let commercialUse = declaration.commercialUse, commercialUse != licenceClass.allowsCommercialUse {
            throw Invalid(description: "commercial_use \(commercialUse) contradicts licence_class \(licenceClass.rawValue)")
        }
        let attribution = declaration.attribution
        if requiresAttribution, attribution?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            throw Invalid(description: "attribution is required when requires_attribution is true")
        }
        if let attribution {
            guard attribution.count <= maxAttributionLength else {
                throw Invalid(description: "attribution is longer than \(maxAttributionLength) characters")
            }
            guard !TextRules.containsControl(attribution, allowing: []) else {
                throw Invalid(description: "attribution contains a control character")
            }
        }
        return LicenceTerms(licenceClass: licenceClass, requiresAttribution: requiresAttribution, attribution: attribution)
    }

    /// The file's fields, typed: a decoder refuses `1` for a boolean and `true` for a string.
    private struct Declaration: Decodable {
        let licenceClass: String
        let commercialUse: Bool?
        let requiresAttribution: Bool
        let attribution: String?

        enum CodingKeys: String, CodingKey {
            case licenceClass = "licence_class", commercialUse = "commercial_use"
            case requiresAttribution = "requires_attribution", attribution
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "\(key.stringValue) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "\(context.codingPath.last?.stringValue ?? "the file") has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context): "not valid JSON: \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}
