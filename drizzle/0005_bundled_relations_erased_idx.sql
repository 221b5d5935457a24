ALTER TABLE "events" ADD COLUMN "has_bundled_relations" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "users_erased_idx" ON "users" USING btree ("user_id") WHERE "users"."erased";--> statement-breakpoint
-- Events that relations already point at (the flag is set on write from here on).
UPDATE "events" SET "has_bundled_relations" = true
WHERE "event_id" IN (SELECT "relates_to_id" FROM "event_relations" WHERE "rel_type" IN ('m.reference', 'm.replace', 'm.thread'));
