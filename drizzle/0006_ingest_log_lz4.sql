-- Intake batches are written once and read back soon: lz4 compresses them at a fraction of pglz's CPU cost.
-- A server built without lz4 keeps its default compression.
DO $$
BEGIN
  ALTER TABLE "ingest_log" ALTER COLUMN "events" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END $$;
