-- The message log becomes the device streams' queues: the MQTT bridge appends each device message to the queue its
-- device hashes to, and the silo that owns a queue reads it in seq order and delivers to the twins. seq is now one
-- order over the whole log, taken from dtn_log_sequence inside each writing transaction: the row lock makes the
-- transactions that take numbers commit in the order of their numbers, so a reader that has seen seq n has seen
-- every committed seq below n of its queue. It starts above every seq of the log before queues, so twins whose
-- snapshots count those (per twin, from 1) skip nothing new. Those older rows get queue -1: no agent reads them; their
-- twins replay them as before.
ALTER TABLE dtn_device_messages ADD COLUMN IF NOT EXISTS queue smallint NOT NULL DEFAULT -1;

-- A queue's pulling agent: the entries after its checkpoint.
CREATE INDEX IF NOT EXISTS dtn_device_messages_queue ON dtn_device_messages (queue, seq);

CREATE TABLE IF NOT EXISTS dtn_log_sequence (
    id   smallint PRIMARY KEY CHECK (id = 0),
    last bigint   NOT NULL
);
INSERT INTO dtn_log_sequence (id, last) SELECT 0, coalesce(max(seq), 0) FROM dtn_device_messages ON CONFLICT DO NOTHING;

-- How far each queue's entries reached their twins; a new owner of the queue resumes after it.
CREATE TABLE IF NOT EXISTS dtn_queue_checkpoints (
    queue smallint PRIMARY KEY,
    seq   bigint   NOT NULL
);
