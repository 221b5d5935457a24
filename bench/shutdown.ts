// npm run bench:shutdown — deletes a big room (10,000 local members, 1,000,000 events) with a notice
// room and a purge, as the v2 task, on an embedded PostgreSQL in a temp dir. Prints total time, time
// per phase and the longest gap between progress updates a status poller sees (goal ≤ 2 s).
// Sizes: BENCH_MEMBERS, BENCH_EVENTS, BENCH_SEED_BATCH; BENCH_PURGE_BATCH overrides purge.batch_size (the
// cap of the time-budgeted batches). BENCH_SEED=persist seeds the messages through persistEvents
// (about 30 min for 1M on this machine) instead of the equivalent rows in SQL.
import { createApp } from "../server/app";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import * as t from "../server/db/schema";
import { persistEvents, type EventDraft } from "../server/events/persist-events";
import { startLockService } from "../server/locks";
import { silentLogger } from "../server/logger";
import { BATCH_TARGET_MS, registerPurgeActions } from "../server/purge";
import { createRoom } from "../server/rooms/create-room";
import { requestRoomDeletion, SHUTDOWN_ACTION, shutdownAndPurgeRoomTask } from "../server/shutdown";
import { createTaskScheduler, getTask } from "../server/tasks";
import { runIfMain, withBenchPostgres } from "./seed-room";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
// 17 columns per event row: 3,000 rows stay under PostgreSQL's 65,535 bind parameters.
const SEED_BATCH = Number(process.env.BENCH_SEED_BATCH ?? 3_000);
const PERSIST_SEED = process.env.BENCH_SEED === "persist";
const SQL_SEED_CHUNK = 50_000;
const PURGE_BATCH = process.env.BENCH_PURGE_BATCH ? Number(process.env.BENCH_PURGE_BATCH) : undefined;
const ADMIN = "@admin:bench";

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function seed(app: ReturnType<typeof createApp>): Promise<string> {
  const ctx = app.ctx(ADMIN);
  const started = Date.now();
  const { roomId } = await createRoom(ctx, { creator: ADMIN, preset: "public_chat", name: "bench" });
  for (let i = 0; i < MEMBERS; i += SEED_BATCH) {
    const drafts: EventDraft[] = [];
    for (let j = i; j < Math.min(MEMBERS, i + SEED_BATCH); j++) {
      drafts.push({ type: "m.room.member", stateKey: `@u${j}:bench`, sender: `@u${j}:bench`, content: { membership: "join" } });
    }
    await persistEvents(ctx, roomId, drafts);
  }
  const membersDone = Date.now();
  if (PERSIST_SEED) await seedThroughPersist(ctx, roomId);
  else await seedInSql(app, roomId);
  for (const alias of ["#bench1:bench", "#bench2:bench"]) {
    await ctx.db.insert(t.roomAliases).values({ alias, roomId, creator: ADMIN, createdTs: Date.now() });
  }
  console.log(`seeded ${MEMBERS} members in ${secs(membersDone - started)}, ${EVENTS} events in ${secs(Date.now() - membersDone)} (${PERSIST_SEED ? "persistEvents" : "SQL"})`);
  return roomId;
}

async function seedThroughPersist(ctx: ReturnType<ReturnType<typeof createApp>["ctx"]>, roomId: string): Promise<void> {
  for (let i = 0; i < EVENTS; i += SEED_BATCH) {
    const drafts: EventDraft[] = [];
    for (let j = i; j < Math.min(EVENTS, i + SEED_BATCH); j++) {
      drafts.push({ type: "m.room.message", sender: `@u${j % MEMBERS}:bench`, content: { msgtype: "m.text", body: `message ${j}` } });
    }
    await persistEvents(ctx, roomId, drafts);
    if ((i / SEED_BATCH) % 50 === 0) process.stdout.write(`  seeded ${i + drafts.length} events\r`);
  }
}

/**
 * The rows persistEvents writes for a chain of plain messages (events with random-looking 43-char
 * ids, one DAG edge each, the forward extremity, room counters), set-based: 1M events in about a
 * minute instead of half an hour. Ends with VACUUM ANALYZE, the state autovacuum reaches on a
 * server whose room grew over time.
 */
async function seedInSql(app: ReturnType<typeof createApp>, roomId: string): Promise<void> {
  const sql = app.conn.sql;
  const [tip] = await sql<{ event_id: string; depth: number }[]>`
    select f.event_id, e.depth from event_forward_extremities f join events e on e.event_id = f.event_id where f.room_id = ${roomId}`;
  if (!tip) throw new Error("room without forward extremity");
  const [seq] = await sql<{ base: number }[]>`select nextval('events_stream_seq') as base`;
  const base = Number(seq?.base ?? 0);
  const depth0 = Number(tip.depth);
  const now = Date.now();
  const id = (g: string) => `'$' || translate(substr(encode(sha256(convert_to('${roomId}/' || ${g}, 'UTF8')), 'base64'), 1, 43), '+/', '-_')`;
  const prev = (g: string) => `case when ${g} = 1 then $1::text else ${id(`(${g} - 1)`)} end`;
  for (let from = 1; from <= EVENTS; from += SQL_SEED_CHUNK) {
    const to = Math.min(EVENTS, from + SQL_SEED_CHUNK - 1);
    await sql.begin(async (tx) => {
      await tx.unsafe(
        `insert into events (event_id, room_id, stream_ordering, depth, type, sender, content, prev_events, origin_server_ts, received_ts, is_local)
         select ${id("g")}, $2, ${base} + g, ${depth0} + g, 'm.room.message', '@u' || ((g - 1) % ${MEMBERS}) || ':bench',
           jsonb_build_object('msgtype', 'm.text', 'body', 'message ' || (g - 1)), jsonb_build_array(${prev("g")}), ${now}, ${now}, true
         from generate_series(${from}, ${to}) g`,
        [tip.event_id, roomId],
      );
      await tx.unsafe(
        `insert into event_edges (event_id, prev_event_id, room_id) select ${id("g")}, ${prev("g")}, $2 from generate_series(${from}, ${to}) g`,
        [tip.event_id, roomId],
      );
    });
    process.stdout.write(`  seeded ${to} events\r`);
  }
  await sql.begin(async (tx) => {
    await tx.unsafe(`delete from event_forward_extremities where room_id = $1`, [roomId]);
    await tx.unsafe(`insert into event_forward_extremities (event_id, room_id) select ${id(String(EVENTS))}, $1`, [roomId]);
    await tx.unsafe(`update rooms set event_count = event_count + ${EVENTS}, max_depth = ${depth0 + EVENTS}, last_activity_ts = ${now} where room_id = $1`, [roomId]);
    await tx.unsafe(`select setval('events_stream_seq', ${base + EVENTS})`);
  });
  await sql.unsafe("vacuum analyze");
}

interface Sample {
  at: number;
  timestamp: number;
  phase: string;
  status: string;
}

/** Polls the task row as a status client would, every 20 ms, until it finishes. */
async function watch(app: ReturnType<typeof createApp>, taskId: string): Promise<Sample[]> {
  const ctx = app.ctx("bench:watch");
  const samples: Sample[] = [];
  for (;;) {
    const task = await getTask(ctx, taskId);
    if (!task) throw new Error("task vanished");
    const result = (task.result ?? {}) as { phase?: string; purge?: { phase?: string } };
    const phase = result.phase === "purge" && result.purge?.phase ? `purge:${result.purge.phase}` : (result.phase ?? "none");
    const last = samples[samples.length - 1];
    if (!last || last.timestamp !== task.timestamp || last.status !== task.status) {
      samples.push({ at: Date.now(), timestamp: task.timestamp, phase, status: task.status });
    }
    if (task.status === "complete" || task.status === "failed") {
      if (task.status === "failed") console.log(`task failed: ${task.error ?? ""}`);
      return samples;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function report(samples: Sample[]): void {
  const start = samples.find((s) => s.status === "active");
  const end = samples[samples.length - 1];
  if (!start || !end) throw new Error("no samples");
  // Progress updates carry their own commit time (the task timestamp): gaps between them.
  let longest = 0;
  let where = "";
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1];
    const cur = samples[i];
    if (!prev || !cur || prev.status === "scheduled") continue;
    const gap = cur.timestamp - prev.timestamp;
    gaps.push(gap);
    if (gap > longest) {
      longest = gap;
      where = `${prev.phase} → ${cur.phase}`;
    }
  }
  gaps.sort((a, b) => a - b);
  const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor((p / 100) * gaps.length))] ?? 0;
  const phases = new Map<string, { first: number; last: number; updates: number }>();
  for (const s of samples) {
    if (s.status === "scheduled") continue;
    const entry = phases.get(s.phase) ?? { first: s.timestamp, last: s.timestamp, updates: 0 };
    entry.last = s.timestamp;
    entry.updates++;
    phases.set(s.phase, entry);
  }
  console.log(`\ntotal (task start → complete): ${secs(end.timestamp - start.timestamp)}`);
  const ordered = [...phases.entries()];
  for (let i = 0; i < ordered.length; i++) {
    const [name, entry] = ordered[i] ?? ["", { first: 0, last: 0, updates: 0 }];
    const next = ordered[i + 1]?.[1].first ?? entry.last;
    console.log(`  phase ${name.padEnd(14)} ${secs(next - entry.first).padStart(10)}  (${entry.updates} progress updates seen)`);
  }
  console.log(`gaps between progress updates: p50 ${pct(50)} ms, p90 ${pct(90)} ms, p99 ${pct(99)} ms`);
  console.log(`progress updates seen: ${samples.length}; longest gap between updates: ${longest} ms (${where}); goal ≤ 2000 ms: ${longest <= 2000 ? "met" : "NOT met"}`);
}

async function main(): Promise<void> {
  await withBenchPostgres("shutdown", async ({ url }) => {
    const app = createApp({ conn: connect(url), config: parseConfig({ server_name: "bench", purge: PURGE_BATCH ? { batch_size: PURGE_BATCH } : {} }), logger: silentLogger, instanceName: "bench" });
    await startLockService(app);
    const scheduler = createTaskScheduler(app);
    scheduler.register(SHUTDOWN_ACTION, shutdownAndPurgeRoomTask);
    registerPurgeActions(scheduler);
    console.log(`room: ${MEMBERS} local members, ${EVENTS} messages (members through persistEvents in batches of ${SEED_BATCH}, messages ${PERSIST_SEED ? "likewise" : "in SQL"}); purge batches sized to ~${BATCH_TARGET_MS} ms, at most ${app.config.purge.batch_size} events`);
    const roomId = await seed(app);
    await scheduler.start();
    const started = Date.now();
    const { delete_id: taskId } = await requestRoomDeletion(app.ctx(ADMIN), {
      roomId,
      body: { new_room_user_id: ADMIN, block: true, purge: true },
    });
    const samples = await watch(app, taskId);
    const task = await getTask(app.ctx(ADMIN), taskId);
    const result = (task?.result ?? {}) as { kicked_users?: string[]; local_aliases?: string[]; purge?: { deleted?: number } };
    console.log(`deleted: ${result.kicked_users?.length ?? 0} users kicked, ${result.local_aliases?.length ?? 0} aliases moved, ${result.purge?.deleted ?? 0} events purged; wall time ${secs(Date.now() - started)}`);
    report(samples);
    await app.stop();
  });
}

runIfMain("shutdown.ts", main);
