-- The ASP.NET Core data protection key ring the silos share: the keys that seal browser session cookies, so a cookie
-- one silo issued is read by every other (see PostgresDataProtectionKeys). A handful of rows: a key every 90 days
-- and the odd revocation. Idempotent: the migrator may apply this file again.

CREATE TABLE IF NOT EXISTS dtn_data_protection_keys (
    -- The element's friendly name: key-<guid> or revocation-<time>.
    name       text COLLATE "C" PRIMARY KEY,
    xml        text NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);
