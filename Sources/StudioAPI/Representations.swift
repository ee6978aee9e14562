import Foundation
import StudioCore

/// The objects of CONTRACT §6 as JSON, in one place, so that the live API and the published
/// mirrors cannot drift apart.
public enum Representations {
    public static func engine(_ engine: EngineDescriptor) -> JSONValue {
        .object([
            "object": "engine", "engine_key": .string(engine.engineKey), "name": .string(engine.name),
            "description": .string(engine.description), "version": .string(engine.version),
            "max_duration_seconds": .number(Double(engine.maxDurationSeconds)), "vocals": .bool(engine.vocals),
            "stems": .bool(engine.stems), "stem_names": .array(engine.stemNames.map(JSONValue.string)),
            "languages": .array(engine.languages.map(JSONValue.string)),
            "licence_class": .string(engine.licence.licenceClass.rawValue), "commercial_use": .bool(engine.commercialUse),
            "requires_attribution": .bool(engine.licence.requiresAttribution), "attribution": JSONValue(engine.licence.attribution),
            "licence_source": .string(engine.licenceSource),
            "formats": .array(engine.formats.map { .string($0.rawValue) }), "sample_rate": .number(Double(engine.sampleRate)),
            "channels": .number(Double(engine.channels)), "enabled": .bool(engine.enabled),
            "disabled_reason": JSONValue(engine.disabledReason),
        ])
    }

    public static func list(_ items: [JSONValue], nextCursor: String? = nil) -> JSONValue {
        .object(["object": "list", "data": .array(items), "has_more": .bool(nextCursor != nil), "next_cursor": JSONValue(nextCursor)])
    }

    /// The licence fields every surface shows the same way (CONTRACT §7).
    public static func licenceFields(_ licence: LicenceTerms) -> [String: JSONValue] {
        ["licence_class": .string(licence.licenceClass.rawValue), "commercial_use": .bool(licence.commercialUse),
         "requires_attribution": .bool(licence.requiresAttribution), "attribution": JSONValue(licence.attribution)]
    }

    /// A track. `link` gives each of its files a URL; `saved` is whether the caller has it in
    /// their library (nil on public mirrors, where there is no caller).
    public static func track(_ track: Track, saved: Bool?, link: (TrackFile) -> PlaybackLink) -> JSONValue {
        var fields: [String: JSONValue] = [
            "object": "track", "id": .string(track.id), "title": .string(track.title), "engine_key": .string(track.engineKey),
            "engine_version": .string(track.engineVersion), "prompt": .string(track.prompt),
            "duration_seconds": .number(rounded(track.durationSeconds)), "bpm": .number(rounded(track.bpm)),
            "key": .string(track.key), "seed": JSONValue(seed: track.seed), "source": source(track.source),
            "format": .string(track.format.rawValue), "sample_rate": .number(Double(track.sampleRate)),
            "channels": .number(Double(track.channels)), "size_bytes": .number(Double(track.mix?.sizeBytes ?? 0)),
            "loudness_lufs": .number(rounded(track.loudnessLUFS)), "true_peak_dbtp": .number(rounded(track.truePeakDBTP)),
            "saved": JSONValue(saved), "created_at": JSONValue(track.createdAt), "updated_at": JSONValue(track.updatedAt),
        ]
        fields.merge(licenceFields(track.licence)) { $1 }
        fields["playback"] = track.mix.map { playback(link($0)) } ?? .null
        fields["formats"] = .array(track.files.filter { $0.role == .mix }.map { file in
            let target = link(file)
            return .object(["format": .string(file.format.rawValue), "url": .string(target.url), "expires_at": JSONValue(target.expiresAt),
                            "size_bytes": .number(Double(file.sizeBytes))])
        })
        fields["stems"] = .array(track.stems.map { file in
            let target = link(file)
            return .object(["name": JSONValue(file.stem), "url": .string(target.url), "expires_at": JSONValue(target.expiresAt)])
        })
        return .object(fields)
    }

    public static func playback(_ link: PlaybackLink) -> JSONValue {
        .object(["url": .string(link.url), "expires_at": JSONValue(link.expiresAt)])
    }

    public static func source(_ source: TrackSource) -> JSONValue {
        switch source {
        case .recipe(_, let name): .object(["type": "recipe", "name": .string(name)])
        case .generation(let job): .object(["type": "generation", "generation_id": .string(job)])
        case .focusSegment(let session, let index):
            .object(["type": "focus_segment", "focus_session_id": .string(session), "segment_index": .number(Double(index))])
        }
    }

    public static func libraryEntry(_ entry: LibraryEntry) -> JSONValue {
        .object(["object": "library_entry", "id": .string(entry.id), "track_id": .string(entry.trackID),
                 "saved_at": JSONValue(entry.savedAt)])
    }

    public static func collection(_ collection: MusicCollection) -> JSONValue {
        .object(["object": "collection", "id": .string(collection.id), "name": .string(collection.name),
                 "description": JSONValue(collection.description), "track_count": .number(Double(collection.trackCount)),
                 "duration_seconds": .number(rounded(collection.durationSeconds)), "created_at": JSONValue(collection.createdAt),
                 "updated_at": JSONValue(collection.updatedAt)])
    }

    /// A track as a member of a collection: the track with its 1-based `position`.
    public static func collectionTrack(_ track: JSONValue, position: Int) -> JSONValue {
        guard case .object(var fields) = track else { return track }
        fields["position"] = .number(Double(position))
        fields["available"] = true
        return .object(fields)
    }

    /// A track the caller holds (in a collection or library) but may no longer read: borrowed
    /// from another organization through a link that is gone. Its id, so that it can be
    /// removed or reordered, and nothing of its content (issue #13).
    public static func unavailableTrack(id: String, extra: [String: JSONValue]) -> JSONValue {
        var fields: [String: JSONValue] = ["object": "track", "id": .string(id), "available": false]
        fields.merge(extra) { $1 }
        return .object(fields)
    }

    /// A share link; `token` and `url` only in the response that creates it, or when the
    /// caller can derive them again (the publisher).
    public static func share(_ share: ShareLink, token: String?, url: String?) -> JSONValue {
        .object(["object": "share_link", "id": .string(share.id), "target_type": .string(share.target.typeName),
                 "target_id": .string(share.target.id), "token": JSONValue(token), "url": JSONValue(url),
                 "created_at": JSONValue(share.createdAt), "expires_at": JSONValue(share.expiresAt),
                 "revoked_at": JSONValue(share.revokedAt)])
    }

    /// A generation job; `interpretation` is what the engine understood from its prompt (see
    /// `JobInterpretation` in the server), null when the engine is unknown.
    public static func job(_ job: GenerationJob, interpretation: JSONValue = .null) -> JSONValue {
        let p = job.params
        let params: JSONValue = .object([
            "bpm": JSONValue(p.bpm), "key": JSONValue(p.key), "seed": p.seed.map { JSONValue(seed: $0) } ?? .null,
            "stems": JSONValue(p.stems), "format": JSONValue(p.format?.rawValue), "instrumental": JSONValue(p.instrumental),
            "lyrics": JSONValue(p.lyrics), "language": JSONValue(p.language),
        ])
        let refusal: JSONValue = job.refusal.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null
        return .object([
            "object": "generation", "id": .string(job.id), "status": .string(job.status.rawValue),
            "engine_key": .string(job.engineKey), "prompt": .string(job.prompt),
            "duration_seconds": .number(rounded(job.durationSeconds)), "title": JSONValue(job.title), "params": params,
            "progress": .number(rounded(job.progress)), "track_id": JSONValue(job.trackID), "error": JSONValue(job.error),
            "refusal": refusal, "created_at": JSONValue(job.createdAt), "started_at": JSONValue(job.startedAt),
            "finished_at": JSONValue(job.finishedAt), "interpretation": interpretation,
        ])
    }

    /// A focus session with its segments; `link` gives a ready segment its URL.
    public static func focusSession(_ session: FocusSession, link: (FocusSegment) -> PlaybackLink?) -> JSONValue {
        .object([
            "object": "focus_session", "id": .string(session.id), "status": .string(session.status.rawValue),
            "engine_key": .string(session.engineKey), "prompt": .string(session.prompt),
            "target_duration_seconds": .number(rounded(session.targetSeconds)),
            "segment_duration_seconds": .number(rounded(session.segmentSeconds)),
            "generated_seconds": .number(rounded(session.generatedSeconds)),
            "crossfade_seconds": .number(rounded(session.crossfadeSeconds)),
            "segments": .array(session.segments.map { segment in
                .object(["index": .number(Double(segment.index)),
                         "status": .string(segment.removedAt == nil ? segment.status.rawValue : "expired"),
                         "duration_seconds": .number(rounded(segment.durationSeconds)),
                         "playback": segment.status == .ready ? (link(segment).map(playback) ?? .null) : .null])
            }),
            "created_at": JSONValue(session.createdAt), "ended_at": JSONValue(session.endedAt),
            "end_reason": JSONValue(session.endReason),
        ])
    }

    /// Three decimals: enough for seconds and decibels, and stable across platforms' printing.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
