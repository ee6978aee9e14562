import Foundation
import StudioCore

/// Reading the four kinds of object a recipe declares.
extension RecipeFileReader {
    static let trackFields = ["engine", "prompt", "duration", "bpm", "key", "seed", "stems", "formats", "title", "save"]
    static let collectionFields = ["name", "description", "tracks"]
    static let shareFields = ["track", "collection", "expires"]
    static let focusFields = ["engine", "prompt", "target", "segment", "crossfade"]

    typealias ValueReader<T> = (inout RecipeFileReader, JSON5Value, JSON5Path) -> T?

    /// A required field read with `read`; nil (and `valid` cleared) when missing or invalid.
    mutating func required<T>(_ fields: Fields, _ field: String, valid: inout Bool, _ read: ValueReader<T>) -> T? {
        guard let value = require(fields, field) else {
            valid = false
            return nil
        }
        let result = read(&self, value, fields.path(field))
        if result == nil { valid = false }
        return result
    }

    /// An optional field read with `read`; nil when absent, and `valid` cleared when invalid.
    mutating func optional<T>(_ fields: Fields, _ field: String, valid: inout Bool, _ read: ValueReader<T>) -> T? {
        guard let value = fields[field] else { return nil }
        let result = read(&self, value, fields.path(field))
        if result == nil { valid = false }
        return result
    }

    func location(of path: JSON5Path) -> RecipeLocation {
        RecipeLocation(file: self.path, position: index.position(of: path))
    }

    mutating func readTrack(named name: String, _ value: JSON5Value, at path: JSON5Path) {
        guard let fields = object(value, at: path, subject: "track \"\(name)\"", allowed: Self.trackFields) else { return }
        var valid = Slug.isValid(name)
        let engine = required(fields, "engine", valid: &valid) { $0.engine($1, at: $2) }
        let prompt = required(fields, "prompt", valid: &valid) { $0.text($1, at: $2, allowing: TextRules.multiLine) }
        let duration = required(fields, "duration", valid: &valid) { $0.duration($1, at: $2) }
        let bpm = optional(fields, "bpm", valid: &valid) { $0.bpm($1, at: $2) }
        let key = optional(fields, "key", valid: &valid) { $0.key($1, at: $2) }
        let seed = optional(fields, "seed", valid: &valid) { $0.seed($1, at: $2) }
        let stems = optional(fields, "stems", valid: &valid) { $0.bool($1, at: $2) } ?? false
        let formats = optional(fields, "formats", valid: &valid) { $0.formats($1, at: $2) }
        let title = optional(fields, "title", valid: &valid) { $0.text($1, at: $2) }
        let save = optional(fields, "save", valid: &valid) { $0.bool($1, at: $2) } ?? false

        if let engine {
            if let duration, !checkDuration(duration, at: fields.path("duration"), engine: engine) { valid = false }
            if stems && !engine.stems {
                report("stems: engine \"\(engine.engineKey)\" cannot render stems", at: index.valuePosition(of: fields.path("stems")))
                valid = false
            }
            for (offset, format) in (formats ?? []).enumerated() where !engine.formats.contains(format) {
                let formatPath = fields.path("formats").appending(index: offset)
                report("\(Self.label(formatPath)): engine \"\(engine.engineKey)\" cannot write \"\(format.rawValue)\"",
                       at: index.valuePosition(of: formatPath))
                valid = false
            }
        }
        guard valid, let engine, let prompt, let duration else { return }
        draft.tracks.append(RecipeTrack(
            name: name, engineKey: engine.engineKey, prompt: prompt, durationSeconds: duration, bpm: bpm, key: key,
            seed: seed, stems: stems, formats: formats ?? RecipeTrack.defaultFormats, title: title, save: save,
            location: location(of: path)))
    }

    mutating func readCollection(named name: String, _ value: JSON5Value, at path: JSON5Path) {
        let subject = "collection \"\(name)\""
        guard let fields = object(value, at: path, subject: subject, allowed: Self.collectionFields) else { return }
        var valid = Slug.isValid(name)
        let displayName = required(fields, "name", valid: &valid) { $0.text($1, at: $2) }
        let description = optional(fields, "description", valid: &valid) { $0.multiLineString($1, at: $2) } ?? ""
        var trackNames: [String] = []
        if let tracks = fields["tracks"] {
            let tracksPath = fields.path("tracks")
            if case .array(let elements) = tracks {
                for (offset, element) in elements.enumerated() {
                    let elementPath = tracksPath.appending(index: offset)
                    guard let trackName = string(element, at: elementPath, expected: "a track name") else {
                        valid = false
                        continue
                    }
                    let position = index.valuePosition(of: elementPath)
                    if trackNames.contains(trackName) {
                        report("\(Self.label(elementPath)): track \"\(trackName)\" is already in \(subject)", at: position)
                        valid = false
                        continue
                    }
                    trackNames.append(trackName)
                    draft.references.append(.init(kind: .track, name: trackName, position: position, referrer: subject))
                }
            } else {
                mismatch(at: tracksPath, expected: "an array of track names", found: tracks)
                valid = false
            }
        }
        guard valid, let displayName else { return }
        draft.collections.append(RecipeCollection(
            name: name, displayName: displayName, description: description, trackNames: trackNames,
            location: location(of: path)))
    }

    mutating func readShare(_ value: JSON5Value, at path: JSON5Path) {
        let subject = Self.label(path)
        guard let fields = object(value, at: path, subject: subject, allowed: Self.shareFields) else { return }
        var valid = true
        let expiresAt = optional(fields, "expires", valid: &valid) { $0.timestamp($1, at: $2) }
        var targets: [RecipeShare.Target] = []
        for kind in [RecipeFileDraft.Reference.Kind.track, .collection] {
            let targetPath = fields.path(kind.rawValue)
            guard let target = fields[kind.rawValue] else { continue }
            guard let name = string(target, at: targetPath, expected: "a \(kind.rawValue) name") else {
                valid = false
                continue
            }
            draft.references.append(.init(kind: kind, name: name, position: index.valuePosition(of: targetPath), referrer: subject))
            targets.append(kind == .track ? .track(name) : .collection(name))
        }
        if fields["track"] == nil && fields["collection"] == nil {
            report("\(subject) needs a \"track\" or a \"collection\" to share", at: index.position(of: path))
            valid = false
        } else if fields["track"] != nil && fields["collection"] != nil {
            report("\(subject) names both a \"track\" and a \"collection\"; a share link targets exactly one",
                   at: index.position(of: fields.path("collection")))
            valid = false
        }
        guard valid, targets.count == 1 else { return }
        draft.shares.append(RecipeShare(target: targets[0], expiresAt: expiresAt, location: location(of: path)))
    }

    mutating func readFocusSession(named name: String, _ value: JSON5Value, at path: JSON5Path) {
        let subject = "focus session \"\(name)\""
        guard let fields = object(value, at: path, subject: subject, allowed: Self.focusFields) else { return }
        var valid = Slug.isValid(name)
        let engine = required(fields, "engine", valid: &valid) { $0.engine($1, at: $2) }
        let prompt = required(fields, "prompt", valid: &valid) { $0.text($1, at: $2, allowing: TextRules.multiLine) }
        let target = required(fields, "target", valid: &valid) { $0.duration($1, at: $2) }
        let segment = optional(fields, "segment", valid: &valid) { $0.duration($1, at: $2) }
        let crossfade = optional(fields, "crossfade", valid: &valid) { $0.duration($1, at: $2, allowsZero: true) }
        let segmentSeconds = segment ?? RecipeFocusSession.defaultSegmentSeconds
        let crossfadeSeconds = crossfade ?? RecipeFocusSession.defaultCrossfadeSeconds

        if let target, target > RecipeFocusSession.maximumTargetSeconds {
            report("target: \(DurationText.format(seconds: target)) is over the 8-hour limit of a focus session",
                   at: index.valuePosition(of: fields.path("target")))
            valid = false
        }
        // A field given but invalid was reported already; the checks below use only known values.
        let segmentKnown = segment != nil || fields["segment"] == nil
        let crossfadeKnown = crossfade != nil || fields["crossfade"] == nil
        if let engine, segmentKnown, !checkDuration(segmentSeconds, at: fields.path("segment"), engine: engine) {
            valid = false
        }
        // Consecutive segments overlap by the crossfade; past half a segment, a segment would
        // overlap the one after next.
        if segmentKnown, crossfadeKnown, crossfadeSeconds >= segmentSeconds / 2 {
            let place = fields["crossfade"] != nil ? fields.path("crossfade") : fields.path("segment")
            report("crossfade: \(RecipeTrack.canonicalNumber(crossfadeSeconds)) s must be shorter than half a segment "
                   + "(\(RecipeTrack.canonicalNumber(segmentSeconds / 2)) s)", at: index.valuePosition(of: place))
            valid = false
        }
        guard valid, let engine, let prompt, let target else { return }
        draft.focusSessions.append(RecipeFocusSession(
            name: name, engineKey: engine.engineKey, prompt: prompt, targetSeconds: target,
            segmentSeconds: segmentSeconds, crossfadeSeconds: crossfadeSeconds, location: location(of: path)))
    }
}
