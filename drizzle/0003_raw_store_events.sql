-- The raw store: every dataset's events, partitioned by event time so that retention drops whole
-- partitions. Daily partitions are created ahead by the store's maintenance; events outside them
-- (late or backfilled) land in the default partition.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "log_events" (
	"dataset_id" text NOT NULL,
	"event_ts" timestamp with time zone NOT NULL,
	"id" text NOT NULL,
	"received_ts" timestamp with time zone NOT NULL,
	"message" text NOT NULL,
	"severity" smallint NOT NULL,
	"tags" jsonb NOT NULL,
	"attributes" jsonb NOT NULL,
	CONSTRAINT "log_events_pk" PRIMARY KEY ("dataset_id", "event_ts", "id")
) PARTITION BY RANGE ("event_ts");
--> statement-breakpoint
CREATE TABLE "log_events_default" PARTITION OF "log_events" DEFAULT;
--> statement-breakpoint
CREATE INDEX "log_events_tags_idx" ON "log_events" USING gin ("tags" jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX "log_events_attributes_idx" ON "log_events" USING gin ("attributes" jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX "log_events_message_trgm_idx" ON "log_events" USING gin ("message" gin_trgm_ops);
