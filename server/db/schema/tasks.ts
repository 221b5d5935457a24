import { bigint, bigserial, boolean, index, jsonb, pgTable, text, uniqueIndex, primaryKey } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const TASK_STATUSES = ["scheduled", "active", "complete", "failed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Synapse's scheduled_tasks, plus which instance runs an active task and when it last showed life. */
export const scheduledTasks = pgTable(
  "scheduled_tasks",
  {
    id: text("id").primaryKey(),
    action: text("action").notNull(),
    status: text("status").notNull().$type<TaskStatus>(),
    /** ms: for scheduled tasks when to start; otherwise the last state change or update. */
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    resourceId: text("resource_id"),
    params: jsonb("params").$type<Record<string, unknown> | null>(),
    result: jsonb("result").$type<unknown>(),
    error: text("error"),
    /** Who asked for it: a user id or system:<name>. */
    actor: text("actor"),
    createdTs: bigint("created_ts", { mode: "number" }).notNull(),
    /** Instance running it while active, and its lease; an expired lease means the runner died. */
    instanceName: text("instance_name"),
    leaseUntilTs: bigint("lease_until_ts", { mode: "number" }),
  },
  (t) => [
    index("scheduled_tasks_status_idx").on(t.status),
    index("scheduled_tasks_timestamp_idx").on(t.timestamp),
    index("scheduled_tasks_resource_idx").on(t.resourceId, t.action),
  ],
);

/** Read/write locks by (name, key): many readers or one writer; rows expire unless renewed. */
export const workerReadWriteLocks = pgTable(
  "worker_read_write_locks",
  {
    lockName: text("lock_name").notNull(),
    lockKey: text("lock_key").notNull(),
    token: text("token").notNull(),
    instanceName: text("instance_name").notNull(),
    writeLock: boolean("write_lock").notNull(),
    lastRenewedTs: bigint("last_renewed_ts", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.lockName, t.lockKey, t.token] }),
    uniqueIndex("worker_read_write_locks_one_writer").on(t.lockName, t.lockKey).where(sql`${t.writeLock}`),
    index("worker_read_write_locks_renewed_idx").on(t.lastRenewedTs),
  ],
);

/** Waiting writers: while one is here (and renewed), new readers of the lock stand back. */
export const workerLockWaiters = pgTable(
  "worker_lock_waiters",
  {
    lockName: text("lock_name").notNull(),
    lockKey: text("lock_key").notNull(),
    token: text("token").notNull(),
    lastRenewedTs: bigint("last_renewed_ts", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lockName, t.lockKey, t.token] })],
);

/** Exclusive locks by (name, key). */
export const workerLocks = pgTable(
  "worker_locks",
  {
    lockName: text("lock_name").notNull(),
    lockKey: text("lock_key").notNull(),
    token: text("token").notNull(),
    instanceName: text("instance_name").notNull(),
    lastRenewedTs: bigint("last_renewed_ts", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lockName, t.lockKey] })],
);

/** Who did what, when, with which parameters and result. Destructive actions always write here. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ts: bigint("ts", { mode: "number" }).notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    roomId: text("room_id"),
    target: text("target"),
    params: jsonb("params").$type<unknown>(),
    result: jsonb("result").$type<unknown>(),
    /** requested | ok | failed */
    status: text("status").notNull(),
    taskId: text("task_id"),
    finishedTs: bigint("finished_ts", { mode: "number" }),
  },
  (t) => [
    index("audit_log_ts_idx").on(t.ts),
    index("audit_log_actor_idx").on(t.actor, t.ts),
    index("audit_log_room_idx").on(t.roomId, t.ts),
    index("audit_log_task_idx").on(t.taskId),
  ],
);

/**
 * One row per retention purge run: a purge job's run (room_id null; id = job key + planned time, so
 * every instance computes the same id and each run happens once) or a run-now for one room.
 */
export const retentionRuns = pgTable(
  "retention_runs",
  {
    id: text("id").primaryKey(),
    jobKey: text("job_key").notNull(),
    /** Set for a single-room run (run-now); null for a purge job's run over its rooms. */
    roomId: text("room_id"),
    plannedTs: bigint("planned_ts", { mode: "number" }).notNull(),
    startedTs: bigint("started_ts", { mode: "number" }),
    finishedTs: bigint("finished_ts", { mode: "number" }),
    /** scheduled | running | complete | failed | cancelled */
    status: text("status").notNull(),
    taskId: text("task_id"),
    /** The job's bounds and interval when the run was planned, so history stays readable after a config change. */
    job: jsonb("job").$type<Record<string, unknown>>(),
    roomsExamined: bigint("rooms_examined", { mode: "number" }).notNull().default(0),
    roomsPurged: bigint("rooms_purged", { mode: "number" }).notNull().default(0),
    roomsSkipped: bigint("rooms_skipped", { mode: "number" }).notNull().default(0),
    eventsDeleted: bigint("events_deleted", { mode: "number" }).notNull().default(0),
    errors: jsonb("errors").$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index("retention_runs_job_idx").on(t.jobKey, t.plannedTs),
    index("retention_runs_task_idx").on(t.taskId),
    // At most one pending run per job: racing instances that plan different times still schedule one.
    uniqueIndex("retention_runs_one_scheduled_per_job").on(t.jobKey).where(sql`${t.status} = 'scheduled' and ${t.roomId} is null`),
  ],
);

export type TaskRow = typeof scheduledTasks.$inferSelect;
