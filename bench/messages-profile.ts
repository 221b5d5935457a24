// npm run bench:messages-profile — where a /messages request spends its time, on the database
// seeded by bench:messages (BENCH_DATA_DIR required; no reseed, no VACUUM). Per scenario: wall p50,
// this process's CPU per request (client + server: process.cpuUsage), PostgreSQL's CPU per request
// and round trips per request (postgres.js debug hook). PROFILE=<scenario name> also records a V8
// CPU profile of that scenario and prints the functions with the most self time.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { createApp } from "@/server/app";
import { createAccessToken } from "@/server/auth";
import { parseConfig } from "@/server/config";
import { startEmbedded } from "@/server/db";
import * as schema from "@/server/db/schema";
import { silentLogger } from "@/server/logger";
import { createDispatcher } from "@/app/_http/router";
import { allRoutes } from "@/app/_http/routes";
import { serveDispatcher } from "@/app/_http/test-server";
import { freePort } from "../server/testing/free-port";
import { httpGet } from "./http-get";
import { postgresCpuMs } from "./process-cpu";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? "300");
const LIMIT = process.env.BENCH_LIMIT ?? "100";
const ONLY = process.env.BENCH_ONLY ?? "";
const SERVER = "bench";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name + file:line), top N, as shares of the sampled time. */
function topSelf(profile: Profile, n: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!node) return;
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*node_modules\//, "nm/").replace(/^file:\/\/\/work\/main\//, "")}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const groups = new Map<string, number>();
  for (const [k, v] of self) {
    const g = /^\((idle|garbage collector|program)\)/.test(k) ? k.split(" ")[0] ?? k : (/ (nm\/[^/]+|node:internal\/deps\/undici|node:[^/:]+|server\/[^/]+|app\/_http|bench)/.exec(k)?.[1] ?? "native");
    groups.set(g, (groups.get(g) ?? 0) + v);
  }
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${pct(v)}  ${k}`);
  const byGroup = [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${pct(v)}  [${k}]`);
  return [`sampled ${(total / 1000).toFixed(0)} ms`, ...byGroup, "", ...top];
}

async function main() {
  const dir = process.env.BENCH_DATA_DIR;
  if (!dir) throw new Error("BENCH_DATA_DIR is required (a database seeded by bench:messages)");
  const embedded = await startEmbedded({ dataDir: path.resolve(dir), port: await freePort(), logger: silentLogger });
  let queries = 0;
  const sql = postgres(embedded.url, {
    max: Number(process.env.BENCH_CONNECTIONS ?? "10"),
    onnotice: () => {},
    debug: () => void queries++,
    types: { bigint: { to: 20, from: [20], serialize: (v: number | bigint) => String(v), parse: (v: string) => Number(v) } },
    transform: { undefined: null },
  });
  const conn = { sql, db: drizzle(sql, { schema, casing: "snake_case" }), url: embedded.url, close: () => sql.end({ timeout: 5 }) };
  const app = createApp({ conn, config: parseConfig({ server_name: SERVER }), logger: silentLogger, instanceName: "bench" });
  const session = new Session();
  session.connect();
  try {
    const ctx = app.ctx("system:bench");
    const viewer = (await createAccessToken(ctx, { userId: `@viewer:${SERVER}`, deviceId: "BENCH" })).accessToken;
    const admin = (await createAccessToken(ctx, { userId: `@admin:${SERVER}`, deviceId: "ADMIN" })).accessToken;
    const rooms = JSON.parse((await import("node:fs")).readFileSync(path.join(dir, "rooms.json"), "utf8")) as { big: string; churn: string };
    const server = await serveDispatcher(createDispatcher(async () => app, allRoutes));
    const mids = async (roomId: string) =>
      (await sql<{ depth: number; s: number }[]>`select depth, stream_ordering as s from events where room_id = ${roomId} order by random() limit 500`).map((r) => `t${r.depth}-${r.s}`);
    const bigMids = await mids(rooms.big);
    const churnMids = await mids(rooms.churn);
    const get = (p: string, token: string, query: Record<string, string>) => httpGet(`${server.baseUrl}${p}?${new URLSearchParams(query)}`, token);
    const client = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
    const adminPath = (roomId: string) => `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages`;
    const at = (list: string[], i: number) => list[i % list.length] ?? "t0-0";
    const scenarios: Array<[string, (i: number) => Promise<unknown>]> = [
      ["bare SQL", (i) => {
        const [d, s] = at(bigMids, i).slice(1).split("-").map(Number);
        return sql`select * from events where room_id = ${rooms.big} and not outlier and (depth, stream_ordering) <= (${d ?? 0}, ${s ?? 0})
          order by depth desc, stream_ordering desc limit ${Number(LIMIT) + 1}`;
      }],
      ["HTTP /versions", () => get("/_matrix/client/versions", viewer, {})],
      ["live end", () => get(client(rooms.big), viewer, { dir: "b", limit: LIMIT })],
      ["mid-room token", (i) => get(client(rooms.big), viewer, { dir: "b", limit: LIMIT, from: at(bigMids, i) })],
      ["types filter", (i) => get(client(rooms.big), viewer, { dir: "b", limit: LIMIT, from: at(bigMids, i), filter: JSON.stringify({ types: ["m.room.message"] }) })],
      ["lazy_load_members", (i) => get(client(rooms.big), viewer, { dir: "b", limit: LIMIT, from: at(bigMids, i), filter: JSON.stringify({ lazy_load_members: true }) })],
      ["admin API", (i) => get(adminPath(rooms.big), admin, { dir: "b", limit: LIMIT, from: at(bigMids, i) })],
      ["churn room", (i) => get(client(rooms.churn), viewer, { dir: "b", limit: LIMIT, from: at(churnMids, i) })],
    ];
    console.log(`limit ${LIMIT}, ${SAMPLES} requests per scenario; load ${loadavg().map((l) => l.toFixed(2)).join(", ")}`);
    console.log("scenario            | wall p50 ms | node CPU ms/req | PG CPU ms/req | queries/req");
    for (const [name, run] of scenarios) {
      if (ONLY && !ONLY.split(",").includes(name)) continue;
      for (let i = 0; i < 30; i++) await run(i);
      const profiling = process.env.PROFILE === name;
      if (profiling) {
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 100 });
        await session.post("Profiler.start");
      }
      const times: number[] = [];
      const q0 = queries;
      const pg0 = postgresCpuMs(path.join(path.resolve(dir), "pg")) ?? NaN;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        await run(i);
        times.push(performance.now() - t);
      }
      const cpu = process.cpuUsage(cpu0);
      const pg = (postgresCpuMs(path.join(path.resolve(dir), "pg")) ?? NaN) - pg0;
      const q = queries - q0;
      if (profiling) {
        const { profile } = await session.post("Profiler.stop");
        writeFileSync("/tmp/messages.cpuprofile", JSON.stringify(profile));
        console.log(topSelf(profile as unknown as Profile, 40).join("\n"));
      }
      if (process.env.BENCH_CONNECTIONS === "1") {
        // One session: its prepared statements tell whether PostgreSQL re-plans every execution.
        const plans = await sql<{ generic_plans: number; custom_plans: number; s: string }[]>`
          select generic_plans, custom_plans, left(regexp_replace(statement, '[[:space:]]+', ' ', 'g'), 70) as s from pg_prepared_statements order by custom_plans + generic_plans desc limit 4`;
        for (const p of plans) console.log(`  plans: generic ${p.generic_plans}, custom ${p.custom_plans}: ${p.s}`);
      }
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor(times.length / 2)] ?? NaN;
      console.log(
        `${name.padEnd(19)} | ${p50.toFixed(2).padStart(11)} | ${((cpu.user + cpu.system) / 1000 / SAMPLES).toFixed(2).padStart(15)} | ${(pg / SAMPLES).toFixed(2).padStart(13)} | ${(q / SAMPLES).toFixed(2).padStart(11)}`,
      );
    }
    await server.close();
  } finally {
    session.disconnect();
    await app.stop();
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
