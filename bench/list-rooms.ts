// npm run bench:list-rooms — listRooms (the admin room list and the console's rooms page) on 10,000
// rooms with 27 state events each (20 members), in an embedded PostgreSQL in a temp dir. Prints the
// median time per call for the common orders, a search, a deep page and a filter.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../server/app";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { silentLogger } from "../server/logger";
import { listRooms, type ListRoomsInput } from "../server/rooms";
import { freePort } from "../server/testing/free-port";

const ROOMS = Number(process.env.BENCH_ROOMS ?? 10_000);
const MEMBERS = 20;
const STATE = ["m.room.create", "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility", "m.room.name", "m.room.topic", "m.room.canonical_alias"];

async function seed(sql: ReturnType<typeof connect>["sql"]): Promise<void> {
  await sql.unsafe(`insert into rooms (room_id, room_version, creator, created_ts, event_count, last_activity_ts, max_depth)
    select '!r' || i || ':bench', '10', '@u0:bench', i, 100 + i % 50, i * 10, 30 from generate_series(1, ${ROOMS}) i`);
  for (const [n, type] of STATE.entries()) {
    await sql.unsafe(`insert into events (event_id, room_id, stream_ordering, depth, type, state_key, sender, content, origin_server_ts, received_ts, is_local)
      select '$s${n}_' || i, '!r' || i || ':bench', ${n + 1} * ${ROOMS} + i, ${n + 1}, '${type}', '', '@u0:bench',
        case '${type}' when 'm.room.name' then jsonb_build_object('name', 'Room ' || i)
          when 'm.room.join_rules' then '{"join_rule":"public"}'::jsonb
          when 'm.room.canonical_alias' then jsonb_build_object('alias', '#r' || i || ':bench') else '{}'::jsonb end,
        i, i, true from generate_series(1, ${ROOMS}) i`);
    await sql.unsafe(`insert into current_state (room_id, type, state_key, event_id) select '!r' || i || ':bench', '${type}', '', '$s${n}_' || i from generate_series(1, ${ROOMS}) i`);
  }
  await sql.unsafe(`insert into events (event_id, room_id, stream_ordering, depth, type, state_key, sender, content, origin_server_ts, received_ts, is_local)
    select '$m' || i || '_' || j, '!r' || i || ':bench', 100 * ${ROOMS} + i * ${MEMBERS} + j, 10 + j, 'm.room.member',
      '@u' || j || ':' || (case when j % 3 = 0 then 'elsewhere' else 'bench' end), '@u' || j || ':bench', '{"membership":"join"}', i, i, true
    from generate_series(1, ${ROOMS}) i, generate_series(1, ${MEMBERS}) j`);
  await sql.unsafe(`insert into current_state (room_id, type, state_key, event_id, membership) select room_id, type, state_key, event_id, 'join' from events where type = 'm.room.member'`);
  await sql`vacuum analyze`;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "scrollback-bench-"));
  chmodSync(dir, 0o755);
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  try {
    await runMigrations(embedded.url);
    const conn = connect(embedded.url);
    const app = createApp({ conn, config: parseConfig({ server_name: "bench", retention: { enabled: true } }), logger: silentLogger, instanceName: "bench" });
    await seed(conn.sql);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores; ${ROOMS} rooms, ${STATE.length + MEMBERS} state events each`);
    const cases: Array<[string, ListRoomsInput]> = [
      ["order_by=name (default)", {}],
      ["order_by=joined_members", { orderBy: "joined_members" }],
      ["order_by=events dir=b from=5000 limit=50", { orderBy: "events", dir: "b", from: 5000, limit: 50 }],
      ["order_by=last_activity", { orderBy: "last_activity" }],
      ["search_term=Room 99", { search: "Room 99" }],
      ["empty_rooms=false", { filters: { empty: false } }],
      ["one room (details)", { roomId: "!r77:bench" }],
    ];
    for (const [label, input] of cases) {
      await listRooms(app.ctx("system:bench"), input);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await listRooms(app.ctx("system:bench"), input);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(42)} median ${(times[2] ?? 0).toFixed(1).padStart(7)} ms`);
    }
    await app.stop();
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
