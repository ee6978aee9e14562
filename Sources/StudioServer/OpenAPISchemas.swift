import StudioCore

/// The component schemas of the OpenAPI document: the objects of CONTRACT §6.
enum OpenAPISchemas {
    static func object(_ properties: [String: JSONValue], required: [String]? = nil, closed: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties),
                                           "required": .array((required ?? properties.keys.sorted()).map(JSONValue.string))]
        if closed { schema["additionalProperties"] = false }
        return .object(schema)
    }

    static let string: JSONValue = ["type": "string"]
    static let nullableString: JSONValue = ["type": .array(["string", "null"])]
    static let time: JSONValue = ["type": "string", "format": "date-time"]
    static let nullableTime: JSONValue = ["type": .array(["string", "null"]), "format": "date-time"]
    static let number: JSONValue = ["type": "number"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func ref(_ name: String) -> JSONValue { OpenAPIDocument.ref(name) }

    /// What a generation's prompt was understood as (`JobInterpretation`).
    static var interpretation: JSONValue {
        let source: JSONValue = ["type": "string", "enum": ["parameter", "prompt", "mood", "seed", "engine"]]
        let strings = array(string)
        let word = object(["text": string, "status": ["type": "string", "enum": ["used", "unsupported", "ignored"]], "effect": string])
        return object([
            "key": string, "key_source": source, "bpm": number, "bpm_source": source,
            "time_signature": ["type": "string", "pattern": "^[0-9]+/[0-9]+$"],
            "genre": nullableString, "subgenre": nullableString, "moods": strings,
            "energy": number, "brightness": number, "space": number, "instruments": strings,
            "excluded_instruments": strings, "unsupported_instruments": strings,
            "feel": ["type": "string", "enum": ["normal", "half", "double"]], "swing_ratio": ["type": .array(["number", "null"])],
            "extended_chords": boolean, "timbres": strings, "words": array(word),
        ])
    }
    static func list(_ item: String) -> JSONValue {
        object(["object": ["const": "list"], "data": array(ref(item)), "has_more": boolean, "next_cursor": nullableString])
    }
    static let licence: [String: JSONValue] = [
        "licence_class": ["type": "string", "enum": .array(LicenceClass.allCases.map { .string($0.rawValue) })],
        "commercial_use": boolean, "requires_attribution": boolean, "attribution": nullableString,
    ]
    static let playback = object(["url": string, "expires_at": nullableTime])
    static let seed: JSONValue = ["type": .array(["integer", "string"])]
    /// Request text holds no control characters (`TextRules`): none in one-line fields, only tab
    /// and line feed in multi-line ones; with `nonBlank`, something besides spaces too. Written
    /// without lookahead, so that every JSON Schema regex dialect (ECMA, ICU, Python) reads it.
    static func controlFree(multiLine: Bool, nonBlank: Bool) -> String {
        let controls = (multiLine ? "\\u0000-\\u0008\\u000B-\\u001F" : "\\u0000-\\u001F") + "\\u007F-\\u009F\\u2028\\u2029"
        return nonBlank ? "^[^\(controls)]*[^\\s\(controls)][^\(controls)]*$" : "^[^\(controls)]*$"
    }
    /// Request text the server refuses when empty or only whitespace (`RequestBody.string` and the
    /// handlers' checks), or holding control characters: the document says so, so that a client —
    /// or schemathesis — sending what the schema allows is not refused for it.
    static func text(maxLength: Int, multiLine: Bool) -> JSONValue {
        ["type": "string", "minLength": 1, "maxLength": .number(Double(maxLength)),
         "pattern": .string(controlFree(multiLine: multiLine, nonBlank: true))]
    }
    /// An id sent in a request body: the server reads at most 64 characters of it.
    static let identifier: JSONValue = ["type": "string", "maxLength": 64]
    static let description: JSONValue = ["type": .array(["string", "null"]), "maxLength": 2000,
                                         "pattern": .string(controlFree(multiLine: true, nonBlank: false))]

    static var all: [String: JSONValue] {
        var track: [String: JSONValue] = [
            "object": ["const": "track"], "id": string, "title": string, "engine_key": string, "engine_version": string,
            "prompt": string, "duration_seconds": number, "bpm": number, "key": string, "seed": seed, "source": ["type": "object"],
            "format": string, "sample_rate": integer, "channels": integer, "size_bytes": integer, "loudness_lufs": number,
            "true_peak_dbtp": number, "playback": ["oneOf": .array([playback, ["type": "null"]])],
            "formats": array(object(["format": string, "url": string, "expires_at": nullableTime, "size_bytes": integer])),
            "stems": array(object(["name": nullableString, "url": string, "expires_at": nullableTime])),
            "saved": ["type": .array(["boolean", "null"])], "created_at": time, "updated_at": time,
        ]
        track.merge(licence) { $1 }
        var savedTrack = track
        savedTrack["saved_at"] = time
        savedTrack["library_entry_id"] = string
        savedTrack["available"] = ["const": true]
        var collectionTrack = track
        collectionTrack["position"] = integer
        collectionTrack["available"] = ["const": true]
        // A track borrowed through a link that is gone: its id and place only (issue #13).
        let unavailable: [String: JSONValue] = ["object": ["const": "track"], "id": string, "available": ["const": false]]
        let unavailableSaved = unavailable.merging(["saved_at": time, "library_entry_id": string]) { $1 }
        let unavailableInCollection = unavailable.merging(["position": integer]) { $1 }
        let collection = object(["object": ["const": "collection"], "id": string, "name": string, "description": nullableString,
                                 "track_count": integer, "duration_seconds": number, "created_at": time, "updated_at": time])
        var sharedCollection = collection.object ?? [:]
        var sharedProperties = sharedCollection["properties"]?.object ?? [:]
        sharedProperties["tracks"] = array(ref("CollectionTrack"))
        sharedCollection["properties"] = .object(sharedProperties)
        var engine: [String: JSONValue] = [
            "object": ["const": "engine"], "engine_key": string, "name": string, "description": string, "version": string,
            "max_duration_seconds": integer, "vocals": boolean, "stems": boolean, "stem_names": array(string),
            "languages": array(string), "formats": array(string), "sample_rate": integer, "channels": integer,
            "enabled": boolean, "disabled_reason": nullableString, "licence_source": string,
        ]
        engine.merge(licence) { $1 }
        let nullableNumber: JSONValue = ["type": .array(["number", "null"])]
        let params = object(["bpm": nullableNumber, "key": nullableString, "seed": ["type": .array(["integer", "string", "null"])],
                             "stems": ["type": .array(["boolean", "null"])], "format": nullableString,
                             "instrumental": ["type": .array(["boolean", "null"])], "lyrics": nullableString,
                             "language": nullableString])
        return [
            "Error": object(["error": object(["type": string, "code": string, "message": string, "param": nullableString])]),
            "Engine": object(engine),
            "EngineList": list("Engine"),
            "GenerationRequest": object([
                "engine_key": ["type": "string", "maxLength": 64], "prompt": text(maxLength: 2000, multiLine: true),
                "duration_seconds": ["type": "number", "minimum": 1, "maximum": 86_400],
                "title": ["type": "string", "maxLength": 200, "pattern": .string(controlFree(multiLine: false, nonBlank: false))],
                "params": object(["bpm": ["type": "number", "minimum": 20, "maximum": 300], "key": string,
                                  "seed": ["type": "integer", "minimum": 0], "stems": boolean,
                                  "format": ["type": "string", "enum": .array(AudioFormat.allCases.map { .string($0.rawValue) })],
                                  "instrumental": boolean,
                                  "lyrics": ["type": "string", "pattern": .string(controlFree(multiLine: true, nonBlank: false))],
                                  "language": ["type": "string", "pattern": .string(controlFree(multiLine: false, nonBlank: false))]], required: [], closed: true),
            ], required: ["engine_key", "prompt", "duration_seconds"], closed: true),
            "Generation": object([
                "object": ["const": "generation"], "id": string,
                "status": ["type": "string", "enum": .array(GenerationJob.Status.allCases.map { .string($0.rawValue) })],
                "engine_key": string, "prompt": string, "duration_seconds": number, "title": nullableString, "params": params,
                "progress": ["type": "number", "minimum": 0, "maximum": 1], "track_id": nullableString, "error": nullableString,
                "refusal": ["oneOf": .array([object(["code": string, "message": string]), ["type": "null"]])],
                "created_at": time, "started_at": nullableTime, "finished_at": nullableTime,
                "interpretation": ["oneOf": .array([ref("Interpretation"), ["type": "null"]])],
            ]),
            "Interpretation": interpretation,
            "GenerationList": list("Generation"),
            // Server-sent events (`event: status|progress|track|end`, `data:` one JSON object each).
            // One server-sent event, as a client's parser yields it: its name, and its data (a
            // JSON document as text: a job, a progress step, the track, or the end).
            "GenerationEvents": ["type": "object",
                                 "properties": ["event": ["type": "string", "enum": ["status", "progress", "track", "end", "error"]],
                                                "data": ["type": "string"], "id": ["type": "string"], "retry": ["type": "integer"]]],
            "Track": object(track),
            "SavedTrack": ["oneOf": [object(savedTrack), object(unavailableSaved, closed: true)]],
            // `scope=organization` lists tracks without a library entry (issue #17): exactly a track's fields.
            "OrganizationTrack": object(track, closed: true),
            "TrackList": object(["object": ["const": "list"], "data": array(["oneOf": [ref("SavedTrack"), ref("OrganizationTrack")]]),
                                 "has_more": boolean, "next_cursor": nullableString]),
            "ShareLinkList": list("ListedShareLink"),
            // A listed link: its token was shown once, at creation, and is not stored.
            "ListedShareLink": object(["object": ["const": "share_link"], "id": string,
                                       "target_type": ["type": "string", "enum": ["track", "collection"]], "target_id": string,
                                       "created_at": time, "expires_at": nullableTime, "revoked_at": nullableTime], closed: true),
            // Where a credential may act (`GET /v1/organizations`): a client learns its `org_…` id here.
            "Organization": object(["object": ["const": "organization"], "id": string, "slug": nullableString, "name": string,
                                    "role": ["type": "string", "enum": .array(MembershipRole.allCases.map { .string($0.rawValue) })],
                                    "created_at": time], closed: true),
            "OrganizationList": list("Organization"),
            "FocusSessionList": list("FocusSession"),
            "LibraryEntry": object(["object": ["const": "library_entry"], "id": string, "track_id": string, "saved_at": time]),
            "Collection": collection,
            "CollectionList": list("Collection"),
            "CollectionRequest": object(["name": text(maxLength: 200, multiLine: false), "description": description], required: ["name"], closed: true),
            "CollectionUpdate": object(["name": text(maxLength: 200, multiLine: false), "description": description], required: [], closed: true),
            "CollectionTrack": ["oneOf": [object(collectionTrack), object(unavailableInCollection, closed: true)]],
            "CollectionTrackList": list("CollectionTrack"),
            "CollectionTrackRequest": object(["track_id": identifier, "position": ["type": "integer", "minimum": 1]],
                                             required: ["track_id"], closed: true),
            "ReorderRequest": object(["track_ids": ["type": "array", "items": identifier, "maxItems": .number(Double(MusicAPI.maximumReorderCount))]],
                                    closed: true),
            "ShareRequest": object(["expires_at": ["type": "string", "format": "date-time", "maxLength": 64]], required: [], closed: true),
            "SaveSharedRequest": object(["track_id": identifier], required: [], closed: true),
            "ShareLink": object(["object": ["const": "share_link"], "id": string,
                                 "target_type": ["type": "string", "enum": ["track", "collection"]], "target_id": string,
                                 "url": nullableString, "token": nullableString, "created_at": time, "expires_at": nullableTime,
                                 "revoked_at": nullableTime]),
            "SharedItem": object(["object": ["const": "shared_item"], "share_id": string,
                                  "target_type": ["type": "string", "enum": ["track", "collection"]], "url": string,
                                  "created_at": time, "expires_at": nullableTime, "track": ref("Track"),
                                  "collection": .object(sharedCollection)],
                                 required: ["object", "share_id", "target_type", "url", "created_at", "expires_at"]),
            "FocusRequest": object(["engine_key": ["type": "string", "maxLength": 64], "prompt": text(maxLength: 2000, multiLine: true),
                                    "target_duration_seconds": ["type": "number", "minimum": 10, "maximum": 28_800],
                                    "segment_duration_seconds": ["type": "number", "minimum": 10, "maximum": 600],
                                    "crossfade_seconds": ["type": "number", "minimum": 0, "maximum": 30]],
                                   required: ["engine_key", "prompt", "target_duration_seconds"], closed: true),
            "FocusSession": object([
                "object": ["const": "focus_session"], "id": string,
                "status": ["type": "string", "enum": ["active", "completed", "ended"]], "engine_key": string, "prompt": string,
                "target_duration_seconds": number, "segment_duration_seconds": number, "generated_seconds": number,
                "crossfade_seconds": number,
                "segments": array(object(["index": integer, "status": string, "duration_seconds": number,
                                          "playback": ["oneOf": .array([playback, ["type": "null"]])]])),
                "created_at": time, "ended_at": nullableTime,
                "end_reason": ["type": .array(["string", "null"]),
                               "enum": ["target_reached", "ended_by_user", "quota_exceeded", "render_failed", nil]],
            ]),
            "Usage": object([
                "object": ["const": "usage"], "period": object(["from": time, "to": time]),
                "generations": object(["submitted": integer, "succeeded": integer, "failed": integer, "cancelled": integer,
                                       "refused": integer]),
                "generated_seconds": number, "focus_seconds": number,
                "by_engine": array(object(["engine_key": string, "generations": integer, "generated_seconds": number])),
                "storage_bytes": integer, "tracks": integer, "collections": integer, "active_share_links": integer,
                "quota": ["type": "object"],
            ]),
        ]
    }
}
