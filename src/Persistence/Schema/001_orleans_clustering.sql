-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet, invariant "Npgsql").
--
-- The providers read their SQL at start-up with "SELECT QueryKey, QueryText FROM OrleansQuery";
-- PostgreSQL folds those unquoted names to lowercase, so the table and its columns are lowercase here.
-- Npgsql binds the providers' @Name parameters by name; result columns are found by name without regard
-- to case. Times are timestamptz: the providers bind UTC DateTime values, which Npgsql refuses to write
-- into "timestamp without time zone".

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

-- One row per cluster (Orleans calls it the deployment): its version is the membership table's ETag,
-- bumped by every membership change so concurrent silos detect each other's writes.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    version      integer      NOT NULL DEFAULT 0,
    changed_at   timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deploymentid varchar(150) NOT NULL REFERENCES orleans_membership_version (deploymentid),
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NOT NULL DEFAULT 0,
    -- "silo,time|silo,time": the votes of silos that suspect this one, as Orleans formats them.
    suspecttimes text,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
-- Returns true when this call created the version row (the first silo of a cluster).
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM created
$q$),

-- Adds a silo only if the table is still at the version the silo read; the version bump and the insert
-- are one statement, so a concurrent writer either waits for this one or sees the new version.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleans_membership
          WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid
), inserted AS (
    INSERT INTO orleans_membership
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) = 1 FROM inserted
$q$),

-- Changes a silo's status and suspicions under the same version check as the insert.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND EXISTS (
          SELECT 1 FROM orleans_membership
          WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid
), updated AS (
    UPDATE orleans_membership AS m
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) = 1 FROM updated
$q$),

-- The heartbeat: deliberately outside the version check, so it never conflicts with membership changes.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- Both reads return the version row even when no silo matches (the provider takes the ETag from the
-- first row), hence the version table on the left of the join.
('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$q$),

('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$q$),

('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
FROM orleans_membership
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$q$),

-- Dead silos (status 6) whose last sign of life is older than the cutoff.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deploymentid = @DeploymentId AND status = 6 AND iamalivetime < @IAmAliveTime
$q$),

-- One dead silo, only if the row still holds exactly the values the caller judged defunct.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND starttime = @StartTime
  AND iamalivetime = @IAmAliveTime
  AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE deploymentid = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deploymentid = @DeploymentId
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
