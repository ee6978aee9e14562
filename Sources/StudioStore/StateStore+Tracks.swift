import Foundation
import StudioCore

/// Tracks and their files.
extension StateStore {
    /// Stores a new track, or replaces the track with the same id in place (a recipe whose
    /// inputs changed re-renders under its old id, keeping its library entries, collection
    /// places and share links).
    public func saveTrack(_ track: Track) throws {
        try database.transaction {
            let source = Self.columns(of: track.source)
            try database.run("""
                INSERT INTO tracks (id, organization_id, creator_id, title, engine_key, engine_version, prompt,
                    duration_seconds, bpm, musical_key, seed, source_kind, source_ref, source_detail, licence_class,
                    requires_attribution, attribution, format, sample_rate, channels, loudness_lufs, true_peak_dbtp,
                    peaks, input_hash, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, engine_key = excluded.engine_key,
                    engine_version = excluded.engine_version, prompt = excluded.prompt,
                    duration_seconds = excluded.duration_seconds, bpm = excluded.bpm, musical_key = excluded.musical_key,
                    seed = excluded.seed, source_kind = excluded.source_kind, source_ref = excluded.source_ref,
                    source_detail = excluded.source_detail, licence_class = excluded.licence_class,
                    requires_attribution = excluded.requires_attribution, attribution = excluded.attribution,
                    format = excluded.format, sample_rate = excluded.sample_rate, channels = excluded.channels,
                    loudness_lufs = excluded.loudness_lufs, true_peak_dbtp = excluded.true_peak_dbtp,
                    peaks = excluded.peaks, input_hash = excluded.input_hash, updated_at = excluded.updated_at
                """, [.text(track.id), .text(track.organizationID), .optional(track.creatorID), .text(track.title),
                      .text(track.engineKey), .text(track.engineVersion), .text(track.prompt), .real(track.durationSeconds),
                      .real(track.bpm), .text(track.key), .seed(track.seed), .text(source.kind), .text(source.ref),
                      .text(source.detail), .text(track.licence.licenceClass.rawValue), .bool(track.licence.requiresAttribution),
                      .optional(track.licence.attribution), .text(track.format.rawValue), .integer(Int64(track.sampleRate)),
                      .integer(Int64(track.channels)), .real(track.loudnessLUFS), .real(track.truePeakDBTP),
                      .blob(Self.encodePeaks(track.peaks)), .text(track.inputHash), .date(track.createdAt), .date(track.updatedAt)])
            try database.run("DELETE FROM track_files WHERE track_id = ?", [.text(track.id)])
            for file in track.files {
                try database.run("""
                    INSERT INTO track_files (track_id, role, stem, format, path, size_bytes) VALUES (?, ?, ?, ?, ?, ?)
                    """, [.text(track.id), .text(file.role.rawValue), .text(file.stem ?? ""), .text(file.format.rawValue),
                          .text(file.path), .integer(Int64(file.sizeBytes))])
            }
        }
    }

    public func track(id: String) throws -> Track? {
        try database.read {
            guard let row = try database.query("SELECT * FROM tracks WHERE id = ?", [.text(id)]).first else { return nil }
            return try readTrack(row)
        }
    }

    /// The organization's tracks, newest first.
    public func tracks(organizationID: String, page: PageRequest = .all) throws -> Page<Track> {
        try database.read {
            try self.page("SELECT * FROM tracks WHERE organization_id = ?", [.text(organizationID)], timeColumn: "created_at",
                          request: page, map: readTrack)
        }
    }

    /// Deletes a track and everything that points at it (library entries, collection places);
    /// its share links are revoked rather than deleted, so that they answer 410, not 404.
    /// Returns the deleted track so that the caller can remove its files.
    @discardableResult
    public func deleteTrack(id: String) throws -> Track? {
        try database.transaction {
            guard let track = try track(id: id) else { return nil }
            let now = nowMilliseconds
            try database.run("""
                UPDATE share_links SET revoked_at = ? WHERE target_type = 'track' AND target_id = ? AND revoked_at IS NULL
                """, [.integer(now), .text(id)])
            let collections = try database.query("SELECT collection_id FROM collection_tracks WHERE track_id = ?", [.text(id)])
            try database.run("DELETE FROM tracks WHERE id = ?", [.text(id)])
            for row in collections {
                let collection = row.requiredString("collection_id")
                try renumber(collectionID: collection)
                try database.run("UPDATE collections SET updated_at = ? WHERE id = ?", [.integer(now), .text(collection)])
            }
            try database.run("DELETE FROM recipe_bindings WHERE kind = 'track' AND object_id = ?", [.text(id)])
            return track
        }
    }

    func readTrack(_ row: Row) throws -> Track {
        let id = row.requiredString("id")
        let files = try database.query("SELECT * FROM track_files WHERE track_id = ? ORDER BY role, stem, format", [.text(id)])
            .compactMap { file -> TrackFile? in
                guard let role = file.string("role").flatMap(TrackFile.Role.init),
                      let format = file.string("format").flatMap(AudioFormat.init(rawValue:)) else { return nil }
                let stem = file.requiredString("stem")
                return TrackFile(role: role, stem: stem.isEmpty ? nil : stem, format: format, path: file.requiredString("path"),
                                 sizeBytes: file.int("size_bytes") ?? 0)
            }
        let licence = LicenceTerms(licenceClass: row.string("licence_class").flatMap(LicenceClass.init) ?? .unclear,
                                   requiresAttribution: row.bool("requires_attribution"), attribution: row.string("attribution"))
        return Track(id: id, organizationID: row.requiredString("organization_id"), creatorID: row.string("creator_id"),
                     title: row.requiredString("title"), engineKey: row.requiredString("engine_key"),
                     engineVersion: row.requiredString("engine_version"), prompt: row.requiredString("prompt"),
                     durationSeconds: row.double("duration_seconds") ?? 0, bpm: row.double("bpm") ?? 0,
                     key: row.requiredString("musical_key"), seed: UInt64(bitPattern: row.int64("seed") ?? 0),
                     source: Self.source(kind: row.requiredString("source_kind"), ref: row.requiredString("source_ref"),
                                         detail: row.requiredString("source_detail")),
                     licence: licence, format: row.string("format").flatMap(AudioFormat.init(rawValue:)) ?? .flac,
                     sampleRate: row.int("sample_rate") ?? 0, channels: row.int("channels") ?? 0,
                     loudnessLUFS: row.double("loudness_lufs") ?? 0, truePeakDBTP: row.double("true_peak_dbtp") ?? 0,
                     peaks: Self.decodePeaks(row.blob("peaks") ?? []), files: files,
                     inputHash: row.requiredString("input_hash"), createdAt: row.date("created_at") ?? .distantPast,
                     updatedAt: row.date("updated_at") ?? .distantPast)
    }

    static func columns(of source: TrackSource) -> (kind: String, ref: String, detail: String) {
        switch source {
        case .recipe(let file, let name): ("recipe", file, name)
        case .generation(let job): ("generation", job, "")
        case .focusSegment(let session, let index): ("focus_segment", session, String(index))
        }
    }

    static func source(kind: String, ref: String, detail: String) -> TrackSource {
        switch kind {
        case "generation": .generation(jobID: ref)
        case "focus_segment": .focusSegment(sessionID: ref, index: Int(detail) ?? 0)
        default: .recipe(file: ref, name: detail)
        }
    }

    /// Peaks (clamped to 0…1) as 16-bit little-endian fractions: 200 of them are 400 bytes, read
    /// back without parsing text on every publish.
    static func encodePeaks(_ peaks: [Float]) -> [UInt8] {
        peaks.flatMap { peak -> [UInt8] in
            let value = UInt16((Double(min(1, max(0, peak))) * 65_535).rounded())
            return [UInt8(value & 0xFF), UInt8(value >> 8)]
        }
    }

    static func decodePeaks(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { Float(UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) / 65_535 }
    }
}

extension StateStore {
    /// Whether any track or focus segment still points at this audio file (renders are shared by
    /// content, and a promoted segment's track plays the segment's own file).
    public func isFileInUse(_ path: String) throws -> Bool {
        try database.query("""
            SELECT 1 AS one FROM track_files WHERE path = ?1
            UNION ALL SELECT 1 FROM focus_segments WHERE path = ?1 LIMIT 1
            """, [.text(path)]).first != nil
    }

    /// The track promoted from a focus segment, if there is one: promoting twice returns it.
    public func promotedTrackID(sessionID: String, index: Int) throws -> String? {
        try database.query("""
            SELECT id FROM tracks WHERE source_kind = 'focus_segment' AND source_ref = ? AND source_detail = ?
            ORDER BY created_at LIMIT 1
            """, [.text(sessionID), .text(String(index))]).first?.string("id")
    }
}
