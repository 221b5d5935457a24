// npm run bench:messages-plans — plan work for /messages on a database kept by bench:messages
// (BENCH_DATA_DIR, same BENCH_SCALE). Runs each benchmark case in process, times it, and prints
// every SQL statement the last run issued with its own timing and EXPLAIN (ANALYZE, BUFFERS) output,
// for the custom plan and the generic plan a prepared statement may switch to.
// BENCH_EXPLAIN=0 prints timings only; BENCH_CASE=<substring> picks cases.
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { createApp } from "@/server/app";
import { parseConfig } from "@/server/config";
import { startEmbedded } from "@/server/db";
import * as schema from "@/server/db/schema";
import { silentLogger } from "@/server/logger";
import { paginateRoom, type PaginateRoomInput } from "@/server/pagination";
import { freePort } from "../server/testing/free-port";

const dir = process.env.BENCH_DATA_DIR;
const EXPLAIN = process.env.BENCH_EXPLAIN !== "0";
const ONLY = process.env.BENCH_CASE ?? "";
const VIEWER = "@viewer:bench";

interface Captured {
  text: string;
  params: unknown[];
}

async function main() {
  if (!dir) throw new Error("set BENCH_DATA_DIR to a folder seeded by bench:messages");
  const rooms = JSON.parse(readFileSync(path.join(dir, "rooms.json"), "utf8")) as { big: string; medium: string; churn: string };
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  let capture: Captured[] | null = null;
  const client = postgres(embedded.url, {
    max: 4,
    onnotice: () => {},
    types: { bigint: { to: 20, from: [20], serialize: (v: number | bigint) => String(v), parse: (v: string) => Number(v) } },
    transform: { undefined: null },
    debug: (_conn, text, params) => capture?.push({ text, params: [...(params as unknown[])] }),
  });
  const conn = { sql: client, db: drizzle(client, { schema, casing: "snake_case" }), url: embedded.url, close: () => client.end({ timeout: 5 }) };
  const app = createApp({ conn, config: parseConfig({ server_name: "bench" }), logger: silentLogger, instanceName: "plans" });
  const ctx = app.ctx(VIEWER);
  try {
    for (const [label, roomId] of [["1M room", rooms.big], ["10k room", rooms.medium], ["churn", rooms.churn]] as const) {
      const [mid] = await client<{ depth: number; s: number }[]>`select depth, stream_ordering as s from events where room_id = ${roomId}
        order by depth desc offset (select count(*) / 2 from events where room_id = ${roomId}) limit 1`;
      const from = `t${mid?.depth ?? 0}-${mid?.s ?? 0}`;
      const cases: Array<[string, PaginateRoomInput]> = [
        ["live end", { roomId, viewer: { userId: VIEWER, deviceId: "BENCH" }, dir: "b", limit: 100 }],
        ["mid-room", { roomId, viewer: { userId: VIEWER, deviceId: "BENCH" }, dir: "b", limit: 100, from }],
        ["types", { roomId, viewer: { userId: VIEWER, deviceId: "BENCH" }, dir: "b", limit: 100, from, filter: { types: ["m.room.message"] } }],
        ["lazy", { roomId, viewer: { userId: VIEWER, deviceId: "BENCH" }, dir: "b", limit: 100, from, filter: { lazy_load_members: true } }],
        ["admin", { roomId, viewer: { admin: true, userId: "@admin:bench" }, dir: "b", limit: 100, from }],
      ];
      for (const [name, input] of cases) {
        if (!`${label} ${name}`.includes(ONLY)) continue;
        for (let i = 0; i < 8; i++) await paginateRoom(ctx, input); // past the custom-plan phase
        const times: number[] = [];
        for (let i = 0; i < 30; i++) {
          const t0 = performance.now();
          capture = [];
          await paginateRoom(ctx, input);
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const queries = capture ?? [];
        capture = null;
        console.log(`\n=== ${label} / ${name}: p50 ${times[15]?.toFixed(2)} ms, ${queries.length} statements`);
        for (const q of queries) await explain(client, q);
      }
    }
  } finally {
    await app.stop();
    await embedded.stop();
  }
}

async function explain(client: postgres.Sql, q: Captured) {
  const params = q.params as postgres.ParameterOrJSON<never>[];
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) await client.unsafe(q.text, params, { prepare: true });
  const each = (performance.now() - t0) / 10;
  console.log(`--- ${each.toFixed(2)} ms (prepared, after warm-up): ${q.text.replace(/\s+/g, " ").slice(0, 160)}…`);
  if (!EXPLAIN) return;
  const custom = await client.unsafe(`explain (analyze, buffers, costs off) ${q.text}`, params);
  console.log(custom.map((r) => String(r["QUERY PLAN"])).join("\n"));
  if (params.length === 0) return;
  await client.begin(async (tx) => {
    await tx.unsafe("set local plan_cache_mode = force_generic_plan");
    const generic = await tx.unsafe(`explain (analyze, buffers, costs off) ${q.text}`, params, { prepare: true });
    console.log("generic plan:\n" + generic.map((r) => String(r["QUERY PLAN"])).join("\n"));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
