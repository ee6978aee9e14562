/// The state's schema, as append-only migrations (see `Database.migrate`). Never edit a shipped
/// migration: add the next one.
///
/// Conventions: ids are the public prefixed ids; times are integer milliseconds since 1970 UTC;
/// booleans are 0/1; a track's waveform peaks are 16-bit little-endian fractions in a blob. Every
/// reference is a foreign key, and deletion cascades exactly where CONTRACT §5 says it should
/// (a deleted track leaves libraries, collections and share links; a deleted collection leaves
/// its tracks alone).
enum Schema {
    static let migrations: [String] = [version1, version2, focusLimits]

    static let version1 = """
        CREATE TABLE organizations (
            id TEXT PRIMARY KEY,
            slug TEXT UNIQUE,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            token_hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE memberships (
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
            created_at INTEGER NOT NULL,
            PRIMARY KEY (organization_id, user_id)
        );
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
            name TEXT,
            key_hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        CREATE TABLE tracks (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            creator_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            title TEXT NOT NULL,
            engine_key TEXT NOT NULL,
            engine_version TEXT NOT NULL,
            prompt TEXT NOT NULL,
            duration_seconds REAL NOT NULL,
            bpm REAL NOT NULL,
            musical_key TEXT NOT NULL,
            seed INTEGER NOT NULL,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('recipe', 'generation', 'focus_segment')),
            source_ref TEXT NOT NULL,
            source_detail TEXT NOT NULL,
            licence_class TEXT NOT NULL,
            requires_attribution INTEGER NOT NULL,
            attribution TEXT,
            format TEXT NOT NULL,
            sample_rate INTEGER NOT NULL,
            channels INTEGER NOT NULL,
            loudness_lufs REAL NOT NULL,
            true_peak_dbtp REAL NOT NULL,
            peaks BLOB NOT NULL,
            input_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX tracks_by_organization ON tracks (organization_id, created_at);
        CREATE TABLE track_files (
            track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('mix', 'stem')),
            stem TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL,
            path TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            PRIMARY KEY (track_id, role, stem, format)
        );
        CREATE TABLE library_entries (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
            saved_at INTEGER NOT NULL,
            UNIQUE (organization_id, user_id, track_id)
        );
        CREATE INDEX library_by_user ON library_entries (organization_id, user_id, saved_at);
        CREATE TABLE collections (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            owner_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            name TEXT NOT NULL,
            description TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE collection_tracks (
            collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            added_at INTEGER NOT NULL,
            PRIMARY KEY (collection_id, track_id)
        );
        CREATE INDEX collection_order ON collection_tracks (collection_id, position);
        CREATE TABLE share_links (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            creator_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            target_type TEXT NOT NULL CHECK (target_type IN ('track', 'collection')),
            target_id TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER
        );
        CREATE INDEX shares_by_target ON share_links (target_type, target_id);
        CREATE TABLE generation_jobs (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'refused')),
            engine_key TEXT NOT NULL,
            prompt TEXT NOT NULL,
            duration_seconds REAL NOT NULL,
            title TEXT,
            params TEXT NOT NULL,
            progress REAL NOT NULL DEFAULT 0,
            track_id TEXT REFERENCES tracks(id) ON DELETE SET NULL,
            error TEXT,
            refusal_code TEXT,
            refusal_message TEXT,
            idempotency_key TEXT,
            request_hash TEXT,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER
        );
        CREATE INDEX jobs_by_organization ON generation_jobs (organization_id, created_at);
        CREATE INDEX jobs_by_status ON generation_jobs (status, created_at);
        CREATE UNIQUE INDEX jobs_by_idempotency_key ON generation_jobs (organization_id, user_id, idempotency_key)
            WHERE idempotency_key IS NOT NULL;
        CREATE TABLE focus_sessions (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'ended')),
            engine_key TEXT NOT NULL,
            prompt TEXT NOT NULL,
            target_seconds REAL NOT NULL,
            segment_seconds REAL NOT NULL,
            crossfade_seconds REAL NOT NULL,
            seed INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            ended_at INTEGER
        );
        CREATE TABLE focus_segments (
            session_id TEXT NOT NULL REFERENCES focus_sessions(id) ON DELETE CASCADE,
            segment_index INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'rendering', 'ready', 'failed')),
            duration_seconds REAL NOT NULL,
            path TEXT,
            size_bytes INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (session_id, segment_index)
        );
        CREATE TABLE usage_ledger (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            user_id TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('generation', 'focus')),
            engine_key TEXT NOT NULL,
            seconds REAL NOT NULL,
            reference TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX usage_by_organization ON usage_ledger (organization_id, at);
        CREATE TABLE recipe_bindings (
            organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('track', 'collection', 'share', 'focus')),
            name TEXT NOT NULL,
            object_id TEXT NOT NULL,
            PRIMARY KEY (organization_id, kind, name)
        );
        """
}

extension Schema {
    /// Credentials for life (issue 13): when each API key was last used, recorded by the server
    /// at most once a minute per key, and the keys of one organization listed without a scan.
    static let version2 = """
        ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
        CREATE INDEX api_keys_by_organization ON api_keys (organization_id, created_at);
        """
}

extension Schema {
    /// Focus sessions say why they stopped (a quota, the listener, a failure) and when the
    /// retention sweep removed a segment's audio; files are looked up by path (a file is removed
    /// only when no track and no segment uses it) and promoted segments by their source. (Named
    /// for what it does, not its number: another branch adds a `version2`; whichever merges
    /// second takes the next place in `migrations`.)
    static let focusLimits = """
        ALTER TABLE focus_sessions ADD COLUMN end_reason TEXT;
        ALTER TABLE focus_segments ADD COLUMN removed_at INTEGER;
        CREATE INDEX focus_sessions_by_status ON focus_sessions (status, organization_id, user_id);
        CREATE INDEX focus_sessions_by_end ON focus_sessions (ended_at) WHERE ended_at IS NOT NULL;
        CREATE INDEX focus_segments_by_path ON focus_segments (path) WHERE path IS NOT NULL;
        CREATE INDEX track_files_by_path ON track_files (path);
        CREATE INDEX tracks_by_source ON tracks (source_kind, source_ref, source_detail);
        """
}
