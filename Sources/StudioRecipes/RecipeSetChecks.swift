/// The checks that need every file at once: names unique per organization across files, and
/// references that resolve within the organization, whichever of its files declares the target.
enum RecipeSetChecks {
    /// A scope of names: one organization, or a single file whose organization is unknown.
    private enum Scope: Hashable {
        case organization(String)
        case file(String)
    }

    private struct Declaration {
        var path: String
        var position: SourcePosition
    }

    /// `brokenOrganizations` are the organizations of files that did not parse, as far as a
    /// plain text scan could tell (nil: a broken file whose organization is unknown).
    static func check(_ drafts: [RecipeFileDraft], brokenOrganizations: [String?] = []) -> [RecipeDiagnostic] {
        var diagnostics: [RecipeDiagnostic] = []
        var tracks: [Scope: [String: Declaration]] = [:]
        var collections: [Scope: [String: Declaration]] = [:]
        var focusSessions: [Scope: [String: Declaration]] = [:]

        func declare(_ names: [RecipeFileDraft.Name], kind: String, in table: inout [Scope: [String: Declaration]],
                     scope: Scope, draft: RecipeFileDraft) {
            for name in names {
                if let first = table[scope, default: [:]][name.name] {
                    // Twice in one file is the scanner's duplicate key, reported already.
                    guard first.path != draft.path else { continue }
                    let organization = draft.organization.map { " in organization \"\($0)\"" } ?? ""
                    diagnostics.append(RecipeDiagnostic(
                        file: draft.path, position: name.position,
                        message: "duplicate \(kind) \"\(name.name)\"\(organization): first declared at "
                            + "\(first.path):\(first.position.line):\(first.position.column)"))
                } else {
                    table[scope, default: [:]][name.name] = Declaration(path: draft.path, position: name.position)
                }
            }
        }

        for draft in drafts where draft.parsed {
            let scope = scope(of: draft)
            declare(draft.declaredTracks, kind: "track", in: &tracks, scope: scope, draft: draft)
            declare(draft.declaredCollections, kind: "collection", in: &collections, scope: scope, draft: draft)
            declare(draft.declaredFocusSessions, kind: "focus session", in: &focusSessions, scope: scope, draft: draft)
        }

        // A file that did not parse may declare what another file of its organization refers
        // to; reporting those references as unknown would send the user after problems that
        // are not there. Other organizations' references are still checked.
        guard !brokenOrganizations.contains(where: { $0 == nil }) else { return diagnostics }
        let uncertain = Set(brokenOrganizations.compactMap { $0 })
        for draft in drafts where draft.parsed && !uncertain.contains(draft.organization ?? "") {
            let scope = scope(of: draft)
            for reference in draft.references {
                let table = reference.kind == .track ? tracks : collections
                guard table[scope]?[reference.name] == nil else { continue }
                let organization = draft.organization.map { " in organization \"\($0)\"" } ?? ""
                diagnostics.append(RecipeDiagnostic(
                    file: draft.path, position: reference.position,
                    message: "\(reference.referrer): unknown \(reference.kind.rawValue) \"\(reference.name)\"\(organization)"))
            }
        }
        return diagnostics
    }

    private static func scope(of draft: RecipeFileDraft) -> Scope {
        draft.organization.map(Scope.organization) ?? .file(draft.path)
    }
}
