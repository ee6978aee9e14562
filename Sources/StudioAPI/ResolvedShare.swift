import Foundation
import StudioCore

/// What `GET /v1/music/shares/{token}` returns, live or mirrored: the share and what it opens.
public enum ResolvedShare {
    /// A shared track.
    public static func track(_ share: ShareLink, url: String, track: JSONValue) -> JSONValue {
        envelope(share, url: url, fields: ["track": track])
    }

    /// A shared collection with its tracks in order (each with its 1-based position).
    public static func collection(_ share: ShareLink, url: String, collection: MusicCollection, tracks: [JSONValue]) -> JSONValue {
        guard case .object(var fields) = Representations.collection(collection) else { return .null }
        fields["tracks"] = .array(tracks.enumerated().map { Representations.collectionTrack($1, position: $0 + 1) })
        return envelope(share, url: url, fields: ["collection": .object(fields)])
    }

    private static func envelope(_ share: ShareLink, url: String, fields: [String: JSONValue]) -> JSONValue {
        var object: [String: JSONValue] = [
            "object": "shared_item", "share_id": .string(share.id), "target_type": .string(share.target.typeName),
            "url": .string(url), "created_at": JSONValue(share.createdAt), "expires_at": JSONValue(share.expiresAt),
        ]
        object.merge(fields) { $1 }
        return .object(object)
    }
}
