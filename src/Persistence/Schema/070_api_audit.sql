-- The API audit log: every state-changing call and every refused one (401/403), written in batches by each silo
-- (see PostgresAuditLog). Rows older than Audit:Retention are deleted hourly; the volume is that of API writes,
-- far below telemetry's, so one table with a time index does without daily partitions.
-- Idempotent: the migrator may apply this file again.

CREATE TABLE IF NOT EXISTS dtn_api_audit (
    -- Orders entries and is the keyset of the listing (newest first).
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor           text COLLATE "C" NOT NULL,
    role            text NOT NULL,
    method          text NOT NULL,
    -- The route template (e.g. /api/v1/twins/{id}), never the raw path: ids go to twin_id.
    route           text NOT NULL,
    twin_id         text COLLATE "C",
    remote_address  text,
    status          integer NOT NULL
);

CREATE INDEX IF NOT EXISTS dtn_api_audit_at ON dtn_api_audit (at);
CREATE INDEX IF NOT EXISTS dtn_api_audit_actor ON dtn_api_audit (actor, id DESC);
