-- The twin directory: one row per twin that listings filter, sort and page without touching grains.
-- Idempotent: the migrator may apply this file again.

CREATE TABLE IF NOT EXISTS dtn_twin_directory (
    -- "C" collation: ids and types sort ordinally, like the in-memory directory, whatever the database locale.
    id                 text COLLATE "C" PRIMARY KEY,
    type               text COLLATE "C" NOT NULL,
    lifecycle          text NOT NULL,
    announced_presence text NOT NULL,
    last_seen          timestamptz NULL,
    metadata           jsonb NOT NULL,
    state              jsonb NOT NULL,
    created_at         timestamptz NOT NULL,
    last_updated       timestamptz NOT NULL,
    -- The twin's version: an entry replaces the row only with a higher one.
    version            bigint NOT NULL,
    -- A deleted twin's row stays as a tombstone so a late, older entry cannot revive it; queries skip it.
    deleted            boolean NOT NULL DEFAULT false
);

-- Every query filters on NOT deleted, so the indexes leave tombstones out. The primary key serves the id
-- sort; each other index serves one sort (with the id that breaks ties, scanned backwards for descending
-- sorts) or one filter.
CREATE INDEX IF NOT EXISTS dtn_twin_directory_type ON dtn_twin_directory (type, id) WHERE NOT deleted;
CREATE INDEX IF NOT EXISTS dtn_twin_directory_lifecycle ON dtn_twin_directory (lifecycle, id) WHERE NOT deleted;
CREATE INDEX IF NOT EXISTS dtn_twin_directory_created_at ON dtn_twin_directory (created_at, id) WHERE NOT deleted;
CREATE INDEX IF NOT EXISTS dtn_twin_directory_last_updated ON dtn_twin_directory (last_updated, id) WHERE NOT deleted;
CREATE INDEX IF NOT EXISTS dtn_twin_directory_last_seen ON dtn_twin_directory (last_seen, id) WHERE NOT deleted;
-- Metadata filters are containment tests: metadata @> '{"location":"building-1"}'.
CREATE INDEX IF NOT EXISTS dtn_twin_directory_metadata ON dtn_twin_directory USING gin (metadata jsonb_path_ops) WHERE NOT deleted;
