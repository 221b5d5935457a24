// npm run bench:messages — /messages latency over HTTP on an embedded PostgreSQL.
// BENCH_SCALE (default 1) scales the big room (1,000,000 events) and the number of small rooms
// (1,000); BENCH_SAMPLES (default 300) sets requests per scenario. BENCH_DATA_DIR keeps the seeded
// database in that folder and reuses it on the next run (plan work: seed once, measure many times);
// BENCH_SEED_ONLY=1 stops after seeding. Requests go through node:http on a kept-alive socket
// (bench/http-get.ts); the HTTP floor rows show what a request that does nothing costs through it
// and through fetch.
import { mkdtempSync, rmSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@/server/app";
import { createAccessToken, createUser } from "@/server/auth";
import { parseConfig } from "@/server/config";
import { connect, runMigrations, startEmbedded } from "@/server/db";
import type { EventDraft } from "@/server/events";
import { persistEvents } from "@/server/events";
import { newEventId } from "@/server/events/ids";
import { silentLogger } from "@/server/logger";
import { createRoom } from "@/server/rooms";
import type { Ctx } from "@/server/context";
import { createDispatcher } from "@/app/_http/router";
import { allRoutes } from "@/app/_http/routes";
import { serveDispatcher } from "@/app/_http/test-server";
import { freePort } from "../server/testing/free-port";
import { fetchGet, httpGet } from "./http-get";

const SCALE = Number(process.env.BENCH_SCALE ?? "1");
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? "300");
const BIG = Math.round(1_000_000 * SCALE);
const SMALL_ROOMS = Math.round(1_000 * SCALE);
const MEDIUM = 10_000;
const CHURN = 20_000;
const BATCH = 2_000;
const SERVER = "bench";
const VIEWER = `@viewer:${SERVER}`;

let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const members = Array.from({ length: 50 }, (_, i) => `@user${i}:${SERVER}`);

/** Reactions point at one of the room's last messages, as in real rooms (many distinct targets). */
function message(i: number, ts: number, recent: string[]): EventDraft {
  const sender = pick([VIEWER, ...members]);
  const r = rand();
  if (r < 0.01) return { type: "m.room.topic", stateKey: "", sender, content: { topic: `topic ${i}` }, originServerTs: ts };
  const target = recent.length > 0 ? pick(recent) : null;
  if (r < 0.05 && target) return { type: "m.reaction", sender, content: { "m.relates_to": { rel_type: "m.annotation", event_id: target, key: "+" } }, originServerTs: ts };
  const eventId = newEventId();
  recent.push(eventId);
  if (recent.length > 20) recent.shift();
  return { eventId, type: "m.room.message", sender, content: { msgtype: "m.text", body: `message number ${i} with some ordinary text in it` }, originServerTs: ts };
}

async function seedRoom(ctx: Ctx, count: number, options: { churn?: boolean; visibility?: string } = {}): Promise<string> {
  const { roomId } = await createRoom(ctx, { creator: VIEWER, preset: "public_chat" });
  const joins: EventDraft[] = members.map((m) => ({ type: "m.room.member", stateKey: m, sender: m, content: { membership: "join" } }));
  if (options.visibility) joins.push({ type: "m.room.history_visibility", stateKey: "", sender: VIEWER, content: { history_visibility: options.visibility } });
  await persistEvents(ctx, roomId, joins);
  let written = 0;
  const recent: string[] = [];
  const t0 = Date.now() - count * 1000;
  while (written < count) {
    const n = Math.min(BATCH, count - written);
    const drafts = Array.from({ length: n }, (_, k) => {
      const i = written + k;
      if (options.churn && i % 1000 === 500) return { type: "m.room.member", stateKey: VIEWER, sender: VIEWER, content: { membership: "leave" } };
      if (options.churn && i % 1000 === 700) return { type: "m.room.member", stateKey: VIEWER, sender: VIEWER, content: { membership: "join" } };
      if (options.churn && rand() < 0.2) return { type: "m.room.member", stateKey: pick(members), sender: VIEWER, content: { membership: pick(["join", "leave", "invite"]) } };
      return message(i, t0 + i * 1000, recent);
    });
    await persistEvents(ctx, roomId, drafts);
    written += n;
    if (count >= 100_000 && written % 100_000 === 0) console.log(`  ${written} / ${count} events`);
  }
  return roomId;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Case {
  room: string;
  name: string;
  limit: string;
  run: (i: number) => Promise<void>;
  /** The bare SQL row the following rows of the same room and limit are compared with. */
  bare: boolean;
}

/** p50/p99 per case, sampling the cases round-robin after a warm-up of each. */
async function measureAll(cases: Case[]): Promise<Array<{ p50: number; p99: number }>> {
  for (const c of cases) for (let i = 0; i < 10; i++) await c.run(i);
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < SAMPLES; i++) {
    for (const [k, c] of cases.entries()) {
      const start = performance.now();
      await c.run(i);
      times[k]?.push(performance.now() - start);
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return { p50: percentile(t, 50), p99: percentile(t, 99) };
  });
}

interface Seeded {
  big: string;
  medium: string;
  churn: string;
}

async function seedAll(ctx: Ctx): Promise<Seeded> {
  const seeded = Date.now();
  console.log(`seeding: ${BIG} events in one room, ${SMALL_ROOMS} small rooms, a ${MEDIUM}-event room, a ${CHURN}-event churn room`);
  const big = await seedRoom(ctx, BIG);
  for (let i = 0; i < SMALL_ROOMS; i += 4) await Promise.all([0, 1, 2, 3].filter((k) => i + k < SMALL_ROOMS).map(() => seedRoom(ctx, 20)));
  const medium = await seedRoom(ctx, MEDIUM);
  const churn = await seedRoom(ctx, CHURN, { churn: true, visibility: "joined" });
  console.log(`seeded in ${((Date.now() - seeded) / 1000).toFixed(0)} s`);
  return { big, medium, churn };
}

function dataDir(): { dir: string; keep: boolean } {
  const kept = process.env.BENCH_DATA_DIR;
  if (!kept) return { dir: mkdtempSync(path.join(tmpdir(), "scrollback-bench-")), keep: false };
  mkdirSync(kept, { recursive: true });
  return { dir: path.resolve(kept), keep: true };
}

async function main() {
  const { dir, keep } = dataDir();
  chmodSync(dir, 0o755);
  const marker = path.join(dir, "rooms.json");
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  try {
    await runMigrations(embedded.url);
    const conn = connect(embedded.url, { max: 10 });
    const app = createApp({ conn, config: parseConfig({ server_name: SERVER }), logger: silentLogger, instanceName: "bench" });
    const ctx = app.ctx("system:bench");
    const reuse = keep && existsSync(marker);
    if (!reuse) {
      await createUser(ctx, { userId: VIEWER });
      await createUser(ctx, { userId: `@admin:${SERVER}`, admin: true });
    }
    const viewerToken = (await createAccessToken(ctx, { userId: VIEWER, deviceId: "BENCH" })).accessToken;
    const adminToken = (await createAccessToken(ctx, { userId: `@admin:${SERVER}`, deviceId: "ADMIN" })).accessToken;
    const { big, medium, churn } = reuse ? (JSON.parse(readFileSync(marker, "utf8")) as Seeded) : await seedAll(ctx);
    if (keep && !reuse) writeFileSync(marker, JSON.stringify({ big, medium, churn }));
    await conn.sql`vacuum analyze`;
    console.log(`database: ${embedded.url}${reuse ? " (reused)" : ""}`);
    if (process.env.BENCH_SEED_ONLY === "1") {
      await app.stop();
      return;
    }

    const server = await serveDispatcher(createDispatcher(async () => app, allRoutes));
    const tokensOf = async (roomId: string) =>
      (await conn.sql<{ depth: number; s: number }[]>`select depth, stream_ordering as s from events where room_id = ${roomId} order by random() limit 500`).map((r) => ({
        depth: Number(r.depth),
        stream: Number(r.s),
      }));
    const rows: string[][] = [];
    const get = async (p: string, token: string, query: Record<string, string>) => void (await httpGet(`${server.baseUrl}${p}?${new URLSearchParams(query)}`, token));
    const client = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
    const adminPath = (roomId: string) => `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages`;

    // Every case is sampled round-robin (one request of each per round), so load that drifts during
    // the run (a shared machine) weighs on the bare SQL, the 1M room and the 10k room alike.
    const cases: Case[] = [];
    for (const [label, roomId] of [["1M room", big], ["10k room", medium]] as const) {
      const mids = await tokensOf(roomId);
      const mid = (i: number) => mids[i % mids.length] ?? { depth: 0, stream: 0 };
      const from = (i: number) => `t${mid(i).depth}-${mid(i).stream}`;
      for (const limit of ["10", "100"]) {
        const bare = async (i: number) => {
          const t = mid(i);
          await conn.sql`select * from events where room_id = ${roomId} and not outlier and (depth, stream_ordering) <= (${t.depth}, ${t.stream})
            order by depth desc, stream_ordering desc limit ${Number(limit) + 1}`;
        };
        cases.push({ room: label, name: "bare index-scan SQL (mid)", limit, run: bare, bare: true });
        const scenarios: Array<[string, (i: number) => Promise<void>]> = [
          ["live end", () => get(client(roomId), viewerToken, { dir: "b", limit })],
          ["mid-room token", (i) => get(client(roomId), viewerToken, { dir: "b", limit, from: from(i) })],
          ["types filter", (i) => get(client(roomId), viewerToken, { dir: "b", limit, from: from(i), filter: JSON.stringify({ types: ["m.room.message"] }) })],
          ["lazy_load_members", (i) => get(client(roomId), viewerToken, { dir: "b", limit, from: from(i), filter: JSON.stringify({ lazy_load_members: true }) })],
          ["admin API", (i) => get(adminPath(roomId), adminToken, { dir: "b", limit, from: from(i) })],
        ];
        for (const [name, run] of scenarios) cases.push({ room: label, name, limit, run, bare: false });
      }
    }
    const churnMids = await tokensOf(churn);
    for (const limit of ["10", "100"]) {
      const run = (i: number) => {
        const t = churnMids[i % churnMids.length] ?? { depth: 0, stream: 0 };
        return get(client(churn), viewerToken, { dir: "b", limit, from: `t${t.depth}-${t.stream}` });
      };
      cases.push({ room: "churn room (joined vis.)", name: "member, mid-room token", limit, run, bare: false });
    }
    // The HTTP floor: a request that does nothing, through the bench's client and through fetch.
    const versions = `${server.baseUrl}/_matrix/client/versions`;
    cases.push({ room: "HTTP floor", name: "GET /versions (node:http)", limit: "", run: async () => void (await httpGet(versions, viewerToken)), bare: false });
    cases.push({ room: "HTTP floor", name: "GET /versions (fetch)", limit: "", run: async () => void (await fetchGet(versions, viewerToken)), bare: false });
    const results = await measureAll(cases);
    let bareP50 = NaN;
    cases.forEach((c, k) => {
      const r = results[k] ?? { p50: NaN, p99: NaN };
      if (c.bare) bareP50 = r.p50;
      const ratio = c.bare ? "1.00" : c.room.startsWith("churn") || c.room === "HTTP floor" ? "" : (r.p50 / bareP50).toFixed(2);
      rows.push([c.room, c.name, c.limit, r.p50.toFixed(2), r.p99.toFixed(2), ratio]);
    });
    print(rows);
    await server.close();
    await app.stop();
  } finally {
    await embedded.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

function print(rows: string[][]) {
  const header = ["room", "scenario", "limit", "p50 ms", "p99 ms", "p50 / bare"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ");
  console.log(`\n/messages dir=b over HTTP (samples per row: ${SAMPLES}, scale ${SCALE})`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(line(r));
  const find = (room: string, scenario: string, limit: string) => Number(rows.find((r) => r[0] === room && r[1] === scenario && r[2] === limit)?.[3]);
  const ratio = find("1M room", "mid-room token", "100") / find("10k room", "mid-room token", "100");
  console.log(`\n1M room vs 10k room p50 at limit 100 (mid-room): ${ratio.toFixed(2)}× (goal ≤ 1.3×)`);
  const at100 = rows.filter((r) => r[2] === "100" && r[5] !== "1.00");
  const worstRatio = Math.max(...at100.filter((r) => r[5] !== "").map((r) => Number(r[5])));
  const worstP99 = Math.max(...at100.map((r) => Number(r[4])));
  console.log(`limit 100: worst p50 / bare ${worstRatio.toFixed(2)}× (goal ≤ 3×), worst p99 ${worstP99.toFixed(2)} ms (goal ≤ 25 ms)`);
  console.log(`load average (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(", ")} on ${cpus().length} cores`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
