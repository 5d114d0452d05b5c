-- The device message log: every device message a twin accepted, numbered per twin (seq). It is the
-- recovery log (a twin replays what follows its snapshot's seq) and the telemetry history (kind 0).
-- Partitioned by day on the device's time so retention drops whole partitions; the default partition
-- catches times no daily partition covers yet, and the maintenance moves them out before attaching one.
CREATE TABLE IF NOT EXISTS dtn_device_messages (
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    kind        smallint    NOT NULL,  -- 0 telemetry, 1 state, 2 status
    device_time timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    device_type text        NULL,
    presence    smallint    NULL,      -- 0 offline, 1 online; status messages only
    data        jsonb       NOT NULL   -- {"field": number | boolean | string, ...}
) PARTITION BY RANGE (device_time);

CREATE TABLE IF NOT EXISTS dtn_device_messages_default PARTITION OF dtn_device_messages DEFAULT;

-- Replay: a twin's entries after a sequence.
CREATE INDEX IF NOT EXISTS dtn_device_messages_replay ON dtn_device_messages (device_id, seq);

-- History: a twin's points in a time range.
CREATE INDEX IF NOT EXISTS dtn_device_messages_history ON dtn_device_messages (device_id, device_time);
