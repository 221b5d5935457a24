ALTER TABLE "retention_runs" ADD COLUMN "room_id" text;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD COLUMN "job" jsonb;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD COLUMN "rooms_skipped" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "retention_runs_task_idx" ON "retention_runs" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "retention_runs_one_scheduled_per_job" ON "retention_runs" USING btree ("job_key") WHERE "retention_runs"."status" = 'scheduled' and "retention_runs"."room_id" is null;