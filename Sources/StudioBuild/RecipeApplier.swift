import Foundation
import StudioAPI
import StudioCore
import StudioEngine
import StudioRecipes
import StudioStore

/// The apply stage: makes the state say what the recipes say, touching only what differs, in
/// one transaction (a failure leaves the state as it was).
///
/// Recipe names bind once to the ids the first build created, so links stay stable: a changed
/// track is re-rendered under its old id, a collection keeps its id when renamed. A share
/// revoked through the API stays revoked even though its recipe still declares it.
struct RecipeApplier {
    let store: StateStore
    let secret: [UInt8]
    let recipes: RecipeSet
    let inputs: [TrackInputs]
    let renders: [String: RenderCache.Entry]
    let prune: Bool

    func apply() throws -> BuildChanges {
        var changes = BuildChanges()
        try store.atomically {
            for slug in recipes.organizations {
                try apply(organization: slug, changes: &changes)
            }
        }
        return changes
    }

    private func apply(organization slug: String, changes: inout BuildChanges) throws {
        let organization: Organization
        if let existing = try store.organization(slug: slug) {
            organization = existing
        } else {
            organization = try store.createOrganization(name: slug, slug: slug)
            changes.create("organization")
        }
        let org = organization.id
        let owner = try store.firstOwner(of: org)
        var trackIDs: [String: String] = [:]

        for input in inputs where input.organization == slug {
            guard let entry = renders[input.hash] else { throw BuildError.state("no render for track \(input.recipe.name)") }
            let id = try store.binding(organizationID: org, kind: .track, name: input.recipe.name) ?? ObjectID.make(.track)
            trackIDs[input.recipe.name] = id
            let existing = try store.track(id: id)
            if existing?.inputHash != input.hash {
                let now = store.now
                try store.saveTrack(track(id: id, organizationID: org, creator: existing?.creatorID ?? owner, input: input,
                                          entry: entry, createdAt: existing?.createdAt ?? now, updatedAt: now))
                try store.bind(organizationID: org, kind: .track, name: input.recipe.name, objectID: id)
                existing == nil ? changes.create("track") : changes.update("track")
            }
            if input.recipe.save {
                if let owner {
                    if try !store.isSaved(organizationID: org, userID: owner, trackID: id) {
                        _ = try store.saveToLibrary(organizationID: org, userID: owner, trackID: id)
                        changes.create("library entry")
                    }
                } else {
                    changes.notes.append("\(slug)/\(input.recipe.name): save skipped, the organization has no owner yet "
                                         + "(studio users create EMAIL --org \(slug) --role owner)")
                }
            }
        }

        var collectionIDs: [String: String] = [:]
        for recipe in recipes.collections(of: slug) {
            let id = try applyCollection(recipe, org: org, owner: owner, trackIDs: trackIDs, changes: &changes)
            collectionIDs[recipe.name] = id
        }
        var shareNames: Set<String> = []
        var seen: [String: Int] = [:]
        for share in recipes.shares(of: slug) {
            let target: ShareLink.Target
            let key: String
            switch share.target {
            case .track(let name):
                guard let id = trackIDs[name] else { continue }
                (target, key) = (.track(id), "track:\(name)")
            case .collection(let name):
                guard let id = collectionIDs[name] else { continue }
                (target, key) = (.collection(id), "collection:\(name)")
            }
            let name = "\(key)#\(seen[key, default: 0])"
            seen[key, default: 0] += 1
            shareNames.insert(name)
            try applyShare(name: name, target: target, expiresAt: share.expiresAt, org: org, owner: owner, changes: &changes)
        }
        var focusNames: Set<String> = []
        for focus in recipes.focusSessions(of: slug) {
            focusNames.insert(focus.name)
            guard try store.binding(organizationID: org, kind: .focus, name: focus.name) == nil else { continue }
            let session = FocusSession(id: ObjectID.make(.focusSession), organizationID: org, userID: owner, status: .active,
                                       engineKey: focus.engineKey, prompt: focus.prompt, targetSeconds: focus.targetSeconds,
                                       segmentSeconds: focus.segmentSeconds, crossfadeSeconds: focus.crossfadeSeconds,
                                       seed: TrackInputs.defaultSeed(organization: slug, name: "focus/" + focus.name), createdAt: store.now)
            try store.createFocusSession(session)
            try store.bind(organizationID: org, kind: .focus, name: focus.name, objectID: session.id)
            changes.create("focus session")
        }
        if prune {
            try pruneUndeclared(org: org, tracks: Set(trackIDs.keys), collections: Set(collectionIDs.keys), shares: shareNames,
                                focus: focusNames, changes: &changes)
        }
    }

    private func applyCollection(_ recipe: RecipeCollection, org: String, owner: String?, trackIDs: [String: String],
                                 changes: inout BuildChanges) throws -> String {
        let description: String? = recipe.description.isEmpty ? nil : recipe.description
        let wanted = recipe.trackNames.compactMap { trackIDs[$0] }
        var created = false
        let id: String
        if let bound = try store.binding(organizationID: org, kind: .collection, name: recipe.name),
           let existing = try store.collection(id: bound) {
            id = bound
            // Made before the organization had an owner: the owner it has now gets it (issue #17).
            if existing.ownerID == nil, let owner { try store.adoptCollection(id: id, ownerID: owner) }
            if existing.name != recipe.displayName || existing.description != description {
                _ = try store.updateCollection(id: id, name: recipe.displayName, description: .some(description))
                changes.update("collection")
            }
        } else {
            id = try store.createCollection(organizationID: org, ownerID: owner, name: recipe.displayName, description: description).id
            try store.bind(organizationID: org, kind: .collection, name: recipe.name, objectID: id)
            changes.create("collection")
            created = true
        }
        let current = try store.collectionTrackIDs(id)
        if current != wanted {
            for trackID in current where !wanted.contains(trackID) { try store.removeFromCollection(id, trackID: trackID) }
            for trackID in wanted where !current.contains(trackID) { try store.addToCollection(id, trackID: trackID) }
            try store.reorderCollection(id, trackIDs: wanted)
            if !created { changes.update("collection order") }
        }
        return id
    }

    private func applyShare(name: String, target: ShareLink.Target, expiresAt: Date?, org: String, owner: String?,
                            changes: inout BuildChanges) throws {
        if let bound = try store.binding(organizationID: org, kind: .share, name: name), let existing = try store.share(id: bound) {
            if existing.expiresAt.map(Timestamp.milliseconds) != expiresAt.map(Timestamp.milliseconds) && existing.revokedAt == nil {
                try store.setShareExpiry(id: bound, expiresAt: expiresAt)
                changes.update("share link")
            }
            return
        }
        let id = ObjectID.make(.shareLink)
        let token = Credentials.shareToken(shareID: id, secret: secret)
        _ = try store.createShare(id: id, organizationID: org, creatorID: owner, target: target,
                                  tokenHash: Credentials.hash(token), expiresAt: expiresAt)
        try store.bind(organizationID: org, kind: .share, name: name, objectID: id)
        changes.create("share link")
    }

    private func pruneUndeclared(org: String, tracks: Set<String>, collections: Set<String>, shares: Set<String>,
                                 focus: Set<String>, changes: inout BuildChanges) throws {
        for (name, id) in try store.bindings(organizationID: org, kind: .share) where !shares.contains(name) {
            try store.revokeShare(id: id)
            try store.unbind(organizationID: org, kind: .share, name: name)
            changes.delete("share link")
        }
        for (name, id) in try store.bindings(organizationID: org, kind: .collection) where !collections.contains(name) {
            try store.deleteCollection(id: id)
            try store.unbind(organizationID: org, kind: .collection, name: name)
            changes.delete("collection")
        }
        for (name, id) in try store.bindings(organizationID: org, kind: .track) where !tracks.contains(name) {
            try store.deleteTrack(id: id)
            try store.unbind(organizationID: org, kind: .track, name: name)
            changes.delete("track")
        }
        for (name, id) in try store.bindings(organizationID: org, kind: .focus) where !focus.contains(name) {
            try store.finishFocusSession(id: id, status: .ended)
            try store.unbind(organizationID: org, kind: .focus, name: name)
            changes.delete("focus session")
        }
    }

    private func track(id: String, organizationID: String, creator: String?, input: TrackInputs, entry: RenderCache.Entry,
                       createdAt: Date, updatedAt: Date) -> Track {
        let report = entry.report
        return Track(id: id, organizationID: organizationID, creatorID: creator, title: input.title, engineKey: report.engineKey,
                     engineVersion: report.engineVersion, prompt: input.recipe.prompt, durationSeconds: report.durationSeconds,
                     bpm: report.bpm, key: report.key, seed: report.seed,
                     source: .recipe(file: input.file, name: input.recipe.name), licence: report.licence,
                     format: input.recipe.formats.first(where: \.isAudio) ?? .flac, sampleRate: report.sampleRate, channels: report.channels,
                     loudnessLUFS: report.loudnessLUFS, truePeakDBTP: report.truePeakDBTP, peaks: report.peaks,
                     files: entry.files, inputHash: input.hash, createdAt: createdAt, updatedAt: updatedAt)
    }
}
