// npm run bench:retention — purge-job room selection and the schedule/forecast API over 100,000 rooms.
// Embedded PostgreSQL in a temp dir; rooms and their retention state are bulk-inserted in SQL
// (rooms, create and m.room.retention events, current state, room_retention), plus backdated
// messages in BENCH_BUSY_ROOMS rooms so forecasts have something to count.
import { loadavg } from "node:os";
import { createApp } from "../server/app";
import { createAccessToken, createUser } from "../server/auth";
import { systemClock } from "../server/clock";
import { parseConfig } from "../server/config";
import { connect, type Sql } from "../server/db/client";
import { silentLogger } from "../server/logger";
import { purgeJobsOf, selectRoomsForJob } from "../server/retention";
import { createDispatcher } from "../app/_http/router";
import { allRoutes } from "../app/_http/routes";
import { runIfMain, withBenchPostgres } from "./seed-room";

const ROOMS = Number(process.env.BENCH_ROOMS ?? 100_000);
const BUSY = Number(process.env.BENCH_BUSY_ROOMS ?? 2_000);
const MESSAGES = 25;
/** Busy room g is room (g - 1) * STEP + 1 + g % 10, so busy rooms have every kind of policy. */
const STEP = Math.max(10, Math.floor(ROOMS / BUSY));
const RUNS = 7;
const DAY = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const max = (xs: number[]) => Math.max(...xs);
const fmt = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/**
 * Room i: policy by i % 10 — none (2 in 10), 12h, 1d, 3d, 3d, 14d, 60d, 400d (over the allowed max),
 * min-only. Each room has a create event and, with a policy, a current m.room.retention event.
 */
export async function seed(sql: Sql, now: number): Promise<void> {
  const created = now - 90 * DAY;
  await sql.unsafe(`
    insert into rooms (room_id, room_version, creator, created_ts, event_count, max_depth, min_depth)
    select '!r' || lpad(g::text, 6, '0') || ':bench', '10', '@owner:bench', ${created}, 0, 1, 1 from generate_series(1, ${ROOMS}) g;
    insert into events (event_id, room_id, stream_ordering, depth, type, state_key, sender, content, origin_server_ts, received_ts, is_local)
    select '$c' || g || ':bench', '!r' || lpad(g::text, 6, '0') || ':bench', g, 1, 'm.room.create', '', '@owner:bench',
      '{"room_version":"10"}'::jsonb, ${created}, ${created}, true from generate_series(1, ${ROOMS}) g;
    insert into current_state (room_id, type, state_key, event_id)
    select '!r' || lpad(g::text, 6, '0') || ':bench', 'm.room.create', '', '$c' || g || ':bench' from generate_series(1, ${ROOMS}) g;
    create temp table policy (k int, content jsonb, min_l bigint, max_l bigint);
    insert into policy values (2, '{"max_lifetime":43200000}', null, 43200000), (3, '{"max_lifetime":86400000}', null, 86400000),
      (4, '{"max_lifetime":259200000}', null, 259200000), (5, '{"max_lifetime":259200000}', null, 259200000),
      (6, '{"max_lifetime":1209600000}', null, 1209600000), (7, '{"max_lifetime":5184000000}', null, 5184000000),
      (8, '{"max_lifetime":34560000000}', null, 34560000000), (9, '{"min_lifetime":3600000}', 3600000, null);
    insert into events (event_id, room_id, stream_ordering, depth, type, state_key, sender, content, origin_server_ts, received_ts, is_local, prev_events)
    select '$p' || g || ':bench', '!r' || lpad(g::text, 6, '0') || ':bench', ${ROOMS} + g, 2, 'm.room.retention', '', '@owner:bench',
      p.content, ${created}, ${created}, true, jsonb_build_array('$c' || g || ':bench')
    from generate_series(1, ${ROOMS}) g join policy p on p.k = g % 10;
    insert into current_state (room_id, type, state_key, event_id)
    select e.room_id, 'm.room.retention', '', e.event_id from events e where e.type = 'm.room.retention';
    insert into room_retention (room_id, event_id, min_lifetime, max_lifetime)
    select '!r' || lpad(g::text, 6, '0') || ':bench', '$p' || g || ':bench', p.min_l, p.max_l
    from generate_series(1, ${ROOMS}) g join policy p on p.k = g % 10;
    -- Busy rooms: ${MESSAGES} messages each over the last 30 days, stream order following time.
    insert into events (event_id, room_id, stream_ordering, depth, type, sender, content, origin_server_ts, received_ts, is_local)
    select '$m' || k || '_' || g || ':bench', '!r' || lpad(((g - 1) * ${STEP} + 1 + g % 10)::text, 6, '0') || ':bench',
      ${3 * ROOMS} + k * ${BUSY} + g, 2 + k, 'm.room.message', case when g % 3 = 0 then '@remote:elsewhere' else '@owner:bench' end,
      '{"msgtype":"m.text","body":"hello"}'::jsonb, ${now - 30 * DAY} + k::bigint * ${Math.floor((30 * DAY) / MESSAGES)},
      ${now - 30 * DAY} + k::bigint * ${Math.floor((30 * DAY) / MESSAGES)}, g % 3 <> 0
    from generate_series(1, ${BUSY}) g, generate_series(1, ${MESSAGES}) k;
    select setval('events_stream_seq', (select max(stream_ordering) from events));
    -- What persistEvents keeps beside the events: state history rows and the room counters.
    insert into room_state_history (event_id, room_id, type, state_key, depth, stream_ordering)
    select event_id, room_id, type, state_key, depth, stream_ordering from events where state_key is not null;
    update rooms r set event_count = x.n, max_depth = x.d
    from (select room_id, count(*) as n, max(depth) as d from events group by room_id) x where x.room_id = r.room_id;
  `);
  // As autovacuum would have it on a server that grew over time (visibility map set, statistics fresh).
  await sql.unsafe("vacuum analyze");
}

async function main(): Promise<void> {
  await withBenchPostgres("retention", async ({ url }) => {
    const config = parseConfig({
      server_name: "bench",
      retention: {
        enabled: true,
        default_policy: { max_lifetime: "7d" },
        allowed_lifetime_min: "1d",
        allowed_lifetime_max: "365d",
        purge_jobs: [
          { longest_max_lifetime: "1d", interval: "6h" },
          { shortest_max_lifetime: "1d", longest_max_lifetime: "7d", interval: "12h" },
          { shortest_max_lifetime: "7d", interval: "1d" },
        ],
      },
    });
    const app = createApp({ conn: connect(url, { max: 8 }), config, clock: systemClock, logger: silentLogger, instanceName: "bench" });
    const seeding = await timed(() => seed(app.conn.sql, Date.now()));
    console.log(`seeded ${ROOMS.toLocaleString()} rooms (${BUSY.toLocaleString()} with ${MESSAGES} messages) in ${(seeding.ms / 1000).toFixed(1)} s`);

    const ctx = app.ctx("@admin:bench");
    // How busy the machine is while measuring: a fixed CPU-bound query, to compare runs on different days.
    const calibration: number[] = [];
    for (let i = 0; i < 5; i++) calibration.push((await timed(() => app.conn.sql`select count(*) from generate_series(1, 1000000)`)).ms);
    console.log(`calibration: select count(*) from generate_series(1, 1e6) median ${fmt(median(calibration))} (load average ${loadavg()[0]?.toFixed(1)})`);
    console.log(`\nroom selection per job (median / max of ${RUNS}; goal <= 2000 ms):`);
    for (const job of purgeJobsOf(config.retention)) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(() => selectRoomsForJob(ctx, job));
        times.push(r.ms);
        count = r.value.length;
      }
      console.log(`  ${job.key.padEnd(18)} ${count.toLocaleString().padStart(7)} rooms  median ${fmt(median(times))}  max ${fmt(max(times))}`);
    }

    await createUser(ctx, { userId: "@admin:bench", password: null, admin: true, consoleRole: null });
    const { accessToken } = await createAccessToken(ctx, { userId: "@admin:bench", deviceId: "BENCH" });
    const dispatch = createDispatcher(async () => app, allRoutes);
    const get = async (pathAndQuery: string) => {
      const res = await dispatch(new Request(`http://bench${pathAndQuery}`, { headers: { authorization: `Bearer ${accessToken}` } }));
      const body = (await res.json()) as Record<string, unknown>;
      if (res.status !== 200) throw new Error(`${pathAndQuery}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const endpoints = [
      "/_scrollback/v1/retention/jobs",
      "/_scrollback/v1/retention/rooms?limit=100",
      ...purgeJobsOf(config.retention).map((j) => `/_scrollback/v1/retention/forecast?job=${encodeURIComponent(j.key)}`),
      `/_scrollback/v1/retention/forecast?room_id=${encodeURIComponent(`!r${String(2 * STEP + 1 + 3).padStart(6, "0")}:bench`)}`,
    ];
    console.log(`\nschedule and forecast API through the HTTP dispatcher (median / max of ${RUNS}; goal <= 1000 ms):`);
    for (const endpoint of endpoints) {
      const times: number[] = [];
      let body: Record<string, unknown> = {};
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(() => get(endpoint));
        times.push(r.ms);
        body = r.value;
      }
      const summary = "events" in body ? `  -> ${(body.rooms_selected as number).toLocaleString()} rooms, ${(body.events as { total: number }).total.toLocaleString()} events to delete in ${(body.rooms_with_deletions as number).toLocaleString()} rooms` : "";
      console.log(`  GET ${endpoint.replace("/_scrollback/v1/retention/", "").padEnd(34)} median ${fmt(median(times))}  max ${fmt(max(times))}${summary}`);
    }
    await app.conn.close();
  });
}

runIfMain("retention.ts", main);
