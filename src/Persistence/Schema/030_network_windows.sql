-- The network windows twins accepted: append-only, one row per device and window start (a re-sent window
-- changes nothing). Features are one double per feature in the catalogue's order (NaN where not measured), so
-- a feature appended to the catalogue needs no migration. Written before the device is acknowledged; read back
-- when a twin activates (its latest windows) and by the dataset export (every device, in time order).
CREATE TABLE IF NOT EXISTS dtn_network_windows (
    device_id      text               NOT NULL,
    window_start   timestamptz        NOT NULL,
    window_seconds double precision   NOT NULL,
    device_type    text               NOT NULL,
    features       double precision[] NOT NULL,
    received_at    timestamptz        NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, window_start)
);

-- Export: every window in a time range, in time order.
CREATE INDEX IF NOT EXISTS dtn_network_windows_time ON dtn_network_windows (window_start, device_id);
