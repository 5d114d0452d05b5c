-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet, invariant "Npgsql").
--
-- A state is keyed by service, state name (the provider's "grain type"), the grain key as two 64-bit
-- halves plus an optional string extension. The provider also passes 32-bit hashes of the key and the
-- type; they lead the index so lookups touch a narrow prefix.
--
-- The version column is the state's ETag. Every write query returns exactly one row: the new version on
-- success, NULL when the caller's version is stale. The provider turns NULL (and only a row, not a
-- missing one) into InconsistentStateException.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grainidhash            integer      NOT NULL,
    graintypehash          integer      NOT NULL,
    serviceid              varchar(150) NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    grainidextensionstring varchar(512),
    payloadbinary          bytea,
    version                integer      NOT NULL,
    modified_at            timestamptz  NOT NULL DEFAULT now()
);

-- NULLS NOT DISTINCT: grains without a key extension must still have one row per key.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_storage_key
    ON orleans_storage (grainidhash, graintypehash, serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
    NULLS NOT DISTINCT;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payloadbinary, version
FROM orleans_storage
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- No version (a grain that never read a row) inserts; a version updates only the row at that version.
-- A concurrent first insert loses on the unique index and gets NULL like any stale writer.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payloadbinary = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage
        (grainidhash, graintypehash, serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, payloadbinary, version)
    SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS newgrainstateversion
$q$),

-- Clearing keeps the row with no payload and a new version, so a later write by a stale activation
-- still conflicts.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage
    SET payloadbinary = NULL, version = version + 1, modified_at = now()
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version FROM cleared) AS newgrainstateversion
$q$),

-- Used instead of the clear when a provider sets DeleteStateOnClear; same version check.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version + 1 FROM deleted) AS newgrainstateversion
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
