-- The raw store's search indexes (tags, attributes, message trigrams) move from the partitioned parent to
-- each partition. Partitions are hourly; the raw store builds a partition's indexes in one pass once its
-- hour has passed, which costs a fraction of maintaining them row by row, so the current hour takes
-- writes at COPY speed. The default partition (late, early and backfilled events) keeps its indexes.
DROP INDEX IF EXISTS "log_events_tags_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "log_events_attributes_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "log_events_message_trgm_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "log_events_default_tags_idx" ON "log_events_default" USING gin ("tags" jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "log_events_default_attributes_idx" ON "log_events_default" USING gin ("attributes" jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "log_events_default_message_trgm_idx" ON "log_events_default" USING gin ("message" gin_trgm_ops);
