-- The network window table, partitioned by day on the window's start as the message log is, so retention
-- (Postgres:NetworkWindowRetention) drops whole days; the default partition catches starts no daily
-- partition covers yet, and DailyPartitions moves them out before attaching a day.
-- A table 030 made plain becomes the default partition as it is: renamed, its indexes reused on attach, no
-- row copied. The maintenance then moves its rows into their days and drops what is past the retention.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'dtn_network_windows' AND relkind = 'r') THEN
        ALTER TABLE dtn_network_windows RENAME TO dtn_network_windows_default;
        ALTER TABLE dtn_network_windows_default RENAME CONSTRAINT dtn_network_windows_pkey TO dtn_network_windows_default_pkey;
        ALTER INDEX dtn_network_windows_time RENAME TO dtn_network_windows_default_time;

        CREATE TABLE dtn_network_windows (
            device_id      text               NOT NULL,
            window_start   timestamptz        NOT NULL,
            window_seconds double precision   NOT NULL,
            device_type    text               NOT NULL,
            features       double precision[] NOT NULL,
            received_at    timestamptz        NOT NULL DEFAULT now(),
            PRIMARY KEY (device_id, window_start)
        ) PARTITION BY RANGE (window_start);

        CREATE INDEX dtn_network_windows_time ON dtn_network_windows (window_start, device_id);
        ALTER TABLE dtn_network_windows ATTACH PARTITION dtn_network_windows_default DEFAULT;
    END IF;
END
$$;
