-- The alert index: every anomaly alert of every twin, as the twins last changed it. Unlike the in-memory index
-- (the latest 100,000), this table keeps all alerts: nothing deletes them (prune by updated_at if you must).
-- Idempotent: the migrator may apply this file again.

CREATE TABLE IF NOT EXISTS dtn_anomaly_alerts (
    -- "{twin id}:{number}". "C" collation: ids sort ordinally, like the in-memory index, whatever the locale.
    id               text COLLATE "C" PRIMARY KEY,
    twin_id          text COLLATE "C" NOT NULL,
    -- The suspected behaviour (port_scan, ..., unclassified).
    type             text COLLATE "C" NOT NULL,
    severity         text NOT NULL,
    status           text NOT NULL,
    acknowledged     boolean NOT NULL,
    last_seen        timestamptz NOT NULL,
    -- When the alert last changed: a row is replaced only by a newer version, and listings go newest first.
    updated_at       timestamptz NOT NULL,
    -- The whole alert (evidence included), read back as it was written.
    alert            jsonb NOT NULL
);

-- The listing order (updated_at DESC, id), scanned as is; each filter's index keeps that order within its value.
CREATE INDEX IF NOT EXISTS dtn_anomaly_alerts_updated ON dtn_anomaly_alerts (updated_at DESC, id);
CREATE INDEX IF NOT EXISTS dtn_anomaly_alerts_twin ON dtn_anomaly_alerts (twin_id, updated_at DESC, id);
CREATE INDEX IF NOT EXISTS dtn_anomaly_alerts_type ON dtn_anomaly_alerts (type, updated_at DESC, id);
CREATE INDEX IF NOT EXISTS dtn_anomaly_alerts_active ON dtn_anomaly_alerts (updated_at DESC, id) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS dtn_anomaly_alerts_last_seen ON dtn_anomaly_alerts (last_seen);
