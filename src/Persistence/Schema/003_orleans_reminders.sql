-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet, invariant "Npgsql").
--
-- grainhash is the grain's uniform hash as a signed 32-bit integer: each silo reads the reminders of its
-- slice of the hash ring. The provider picks ReadRangeRows1Key when the slice does not wrap around in
-- signed order and ReadRangeRows2Key when it does. The version is a reminder's ETag.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(512) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    -- Milliseconds; bigint because periods past 24.8 days do not fit an integer.
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_hash ON orleans_reminders (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId AND grainid = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
$q$),

('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
$q$),

('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleans_reminders
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
$q$),

-- Registering an existing reminder again replaces its schedule and moves its version on.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
    version = orleans_reminders.version + 1
RETURNING version
$q$),

-- True only when the reminder was still at the caller's version.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT count(*) > 0 FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE serviceid = @ServiceId
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
