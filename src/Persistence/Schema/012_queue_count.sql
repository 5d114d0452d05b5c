-- The queue count the log's entries were spread over (Streams:QueueCount). A device's entries must stay in one queue
-- for its order to hold, so a silo configured with another count refuses to start; NULL until a silo first writes it.
ALTER TABLE dtn_log_sequence ADD COLUMN IF NOT EXISTS queue_count integer NULL;
