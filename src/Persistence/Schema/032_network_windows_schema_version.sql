-- The feature schema version each window's features follow (docs/dataset.md, "Feature schema versions"). Rows
-- written before the column existed were all schema 1, and so are rows a silo of that time still inserts during a
-- rolling upgrade (it names no version): hence the default. A constant default adds the column without rewriting
-- the table, and ALTER on the partitioned table reaches every partition.
ALTER TABLE dtn_network_windows ADD COLUMN IF NOT EXISTS schema_version smallint NOT NULL DEFAULT 1;
