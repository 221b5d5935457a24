CREATE SEQUENCE "public"."events_backfill_seq" INCREMENT BY -1 MINVALUE -9007199254740991 MAXVALUE -1 START WITH -1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."events_stream_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "account_data" (
	"user_id" text NOT NULL,
	"room_id" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"content" text NOT NULL,
	"updated_ts" bigint NOT NULL,
	CONSTRAINT "account_data_user_id_room_id_type_pk" PRIMARY KEY("user_id","room_id","type")
);
--> statement-breakpoint
CREATE TABLE "blocked_rooms" (
	"room_id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"blocked_ts" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_aliases" (
	"alias" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"creator" text NOT NULL,
	"created_ts" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"room_id" text PRIMARY KEY NOT NULL,
	"room_version" text NOT NULL,
	"creator" text,
	"created_ts" bigint NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"event_count" bigint DEFAULT 0 NOT NULL,
	"last_activity_ts" bigint,
	"max_depth" bigint DEFAULT 0 NOT NULL,
	"min_depth" bigint
);
--> statement-breakpoint
CREATE TABLE "event_backward_extremities" (
	"room_id" text NOT NULL,
	"event_id" text NOT NULL,
	CONSTRAINT "event_backward_extremities_room_id_event_id_pk" PRIMARY KEY("room_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "event_edges" (
	"event_id" text NOT NULL,
	"prev_event_id" text NOT NULL,
	"room_id" text NOT NULL,
	CONSTRAINT "event_edges_event_id_prev_event_id_pk" PRIMARY KEY("event_id","prev_event_id")
);
--> statement-breakpoint
CREATE TABLE "event_forward_extremities" (
	"event_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_labels" (
	"event_id" text NOT NULL,
	"label" text NOT NULL,
	"room_id" text NOT NULL,
	CONSTRAINT "event_labels_event_id_label_pk" PRIMARY KEY("event_id","label")
);
--> statement-breakpoint
CREATE TABLE "event_relations" (
	"event_id" text PRIMARY KEY NOT NULL,
	"relates_to_id" text NOT NULL,
	"rel_type" text NOT NULL,
	"aggregation_key" text,
	"room_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_txn_ids" (
	"event_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"user_id" text NOT NULL,
	"device_id" text NOT NULL,
	"txn_id" text NOT NULL,
	"inserted_ts" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"stream_ordering" bigint NOT NULL,
	"depth" bigint NOT NULL,
	"type" text NOT NULL,
	"state_key" text,
	"sender" text NOT NULL,
	"content" jsonb NOT NULL,
	"prev_events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"origin_server_ts" bigint NOT NULL,
	"received_ts" bigint NOT NULL,
	"is_local" boolean NOT NULL,
	"outlier" boolean DEFAULT false NOT NULL,
	"rejection_reason" text,
	"soft_failed" boolean DEFAULT false NOT NULL,
	"contains_url" boolean DEFAULT false NOT NULL,
	"redacted_by" text
);
--> statement-breakpoint
CREATE TABLE "redactions" (
	"event_id" text PRIMARY KEY NOT NULL,
	"redacts" text NOT NULL,
	"room_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "current_state" (
	"room_id" text NOT NULL,
	"type" text NOT NULL,
	"state_key" text NOT NULL,
	"event_id" text NOT NULL,
	"membership" text,
	CONSTRAINT "current_state_room_id_type_state_key_pk" PRIMARY KEY("room_id","type","state_key")
);
--> statement-breakpoint
CREATE TABLE "room_memberships" (
	"event_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"user_id" text NOT NULL,
	"sender" text NOT NULL,
	"membership" text NOT NULL,
	"is_local" boolean NOT NULL,
	"depth" bigint NOT NULL,
	"stream_ordering" bigint NOT NULL,
	"forgotten" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_retention" (
	"room_id" text NOT NULL,
	"event_id" text NOT NULL,
	"min_lifetime" bigint,
	"max_lifetime" bigint,
	CONSTRAINT "room_retention_room_id_event_id_pk" PRIMARY KEY("room_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "room_state_history" (
	"event_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"type" text NOT NULL,
	"state_key" text NOT NULL,
	"depth" bigint NOT NULL,
	"stream_ordering" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" text NOT NULL,
	"device_id" text NOT NULL,
	"created_ts" bigint NOT NULL,
	"last_used_ts" bigint,
	"valid_until_ts" bigint,
	CONSTRAINT "access_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "registration_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"created_ts" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"password_hash" text,
	"admin" boolean DEFAULT false NOT NULL,
	"deactivated" boolean DEFAULT false NOT NULL,
	"console_role" text,
	"displayname" text,
	"user_type" text,
	"created_ts" bigint NOT NULL,
	CONSTRAINT "users_console_role_check" CHECK ("users"."console_role" in ('admin', 'moderator', 'operator'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ts" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"room_id" text,
	"target" text,
	"params" jsonb,
	"result" jsonb,
	"status" text NOT NULL,
	"task_id" text,
	"finished_ts" bigint
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"job_key" text NOT NULL,
	"planned_ts" bigint NOT NULL,
	"started_ts" bigint,
	"finished_ts" bigint,
	"status" text NOT NULL,
	"task_id" text,
	"rooms_examined" bigint DEFAULT 0 NOT NULL,
	"rooms_purged" bigint DEFAULT 0 NOT NULL,
	"events_deleted" bigint DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"status" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"resource_id" text,
	"params" jsonb,
	"result" jsonb,
	"error" text,
	"actor" text,
	"created_ts" bigint NOT NULL,
	"instance_name" text,
	"lease_until_ts" bigint
);
--> statement-breakpoint
CREATE TABLE "worker_lock_waiters" (
	"lock_name" text NOT NULL,
	"lock_key" text NOT NULL,
	"token" text NOT NULL,
	"last_renewed_ts" bigint NOT NULL,
	CONSTRAINT "worker_lock_waiters_lock_name_lock_key_token_pk" PRIMARY KEY("lock_name","lock_key","token")
);
--> statement-breakpoint
CREATE TABLE "worker_locks" (
	"lock_name" text NOT NULL,
	"lock_key" text NOT NULL,
	"token" text NOT NULL,
	"instance_name" text NOT NULL,
	"last_renewed_ts" bigint NOT NULL,
	CONSTRAINT "worker_locks_lock_name_lock_key_pk" PRIMARY KEY("lock_name","lock_key")
);
--> statement-breakpoint
CREATE TABLE "worker_read_write_locks" (
	"lock_name" text NOT NULL,
	"lock_key" text NOT NULL,
	"token" text NOT NULL,
	"instance_name" text NOT NULL,
	"write_lock" boolean NOT NULL,
	"last_renewed_ts" bigint NOT NULL,
	CONSTRAINT "worker_read_write_locks_lock_name_lock_key_token_pk" PRIMARY KEY("lock_name","lock_key","token")
);
--> statement-breakpoint
ALTER TABLE "event_edges" ADD CONSTRAINT "event_edges_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_forward_extremities" ADD CONSTRAINT "event_forward_extremities_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_labels" ADD CONSTRAINT "event_labels_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_relations" ADD CONSTRAINT "event_relations_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_txn_ids" ADD CONSTRAINT "event_txn_ids_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redactions" ADD CONSTRAINT "redactions_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "current_state" ADD CONSTRAINT "current_state_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_memberships" ADD CONSTRAINT "room_memberships_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_retention" ADD CONSTRAINT "room_retention_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_state_history" ADD CONSTRAINT "room_state_history_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_data_room_idx" ON "account_data" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "room_aliases_room_id_idx" ON "room_aliases" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "rooms_created_ts_idx" ON "rooms" USING btree ("created_ts");--> statement-breakpoint
CREATE INDEX "event_backward_extremities_event_id_idx" ON "event_backward_extremities" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_edges_prev_event_id_idx" ON "event_edges" USING btree ("prev_event_id");--> statement-breakpoint
CREATE INDEX "event_edges_room_id_idx" ON "event_edges" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "event_forward_extremities_room_id_idx" ON "event_forward_extremities" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "event_labels_room_label_idx" ON "event_labels" USING btree ("room_id","label");--> statement-breakpoint
CREATE INDEX "event_relations_relates_to_idx" ON "event_relations" USING btree ("relates_to_id","rel_type");--> statement-breakpoint
CREATE INDEX "event_relations_room_id_idx" ON "event_relations" USING btree ("room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_txn_ids_unique_idx" ON "event_txn_ids" USING btree ("room_id","user_id","device_id","txn_id");--> statement-breakpoint
CREATE INDEX "event_txn_ids_room_id_idx" ON "event_txn_ids" USING btree ("room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_stream_ordering_idx" ON "events" USING btree ("stream_ordering");--> statement-breakpoint
CREATE INDEX "events_room_topo_idx" ON "events" USING btree ("room_id","depth","stream_ordering");--> statement-breakpoint
CREATE INDEX "events_room_stream_idx" ON "events" USING btree ("room_id","stream_ordering");--> statement-breakpoint
CREATE INDEX "events_received_ts_idx" ON "events" USING btree ("received_ts","stream_ordering");--> statement-breakpoint
CREATE INDEX "events_room_type_idx" ON "events" USING btree ("room_id","type","depth","stream_ordering");--> statement-breakpoint
CREATE INDEX "redactions_redacts_idx" ON "redactions" USING btree ("redacts");--> statement-breakpoint
CREATE INDEX "redactions_room_id_idx" ON "redactions" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "current_state_event_id_idx" ON "current_state" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "current_state_member_idx" ON "current_state" USING btree ("type","state_key");--> statement-breakpoint
CREATE INDEX "room_memberships_room_user_idx" ON "room_memberships" USING btree ("room_id","user_id","depth","stream_ordering");--> statement-breakpoint
CREATE INDEX "room_memberships_user_idx" ON "room_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "room_retention_max_lifetime_idx" ON "room_retention" USING btree ("max_lifetime");--> statement-breakpoint
CREATE INDEX "room_retention_event_id_idx" ON "room_retention" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "room_state_history_key_idx" ON "room_state_history" USING btree ("room_id","type","state_key","depth","stream_ordering");--> statement-breakpoint
CREATE INDEX "access_tokens_user_id_idx" ON "access_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_ts_idx" ON "audit_log" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor","ts");--> statement-breakpoint
CREATE INDEX "audit_log_room_idx" ON "audit_log" USING btree ("room_id","ts");--> statement-breakpoint
CREATE INDEX "audit_log_task_idx" ON "audit_log" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "retention_runs_job_idx" ON "retention_runs" USING btree ("job_key","planned_ts");--> statement-breakpoint
CREATE INDEX "scheduled_tasks_status_idx" ON "scheduled_tasks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "scheduled_tasks_timestamp_idx" ON "scheduled_tasks" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "scheduled_tasks_resource_idx" ON "scheduled_tasks" USING btree ("resource_id","action");--> statement-breakpoint
CREATE UNIQUE INDEX "worker_read_write_locks_one_writer" ON "worker_read_write_locks" USING btree ("lock_name","lock_key") WHERE "worker_read_write_locks"."write_lock";--> statement-breakpoint
CREATE INDEX "worker_read_write_locks_renewed_idx" ON "worker_read_write_locks" USING btree ("last_renewed_ts");