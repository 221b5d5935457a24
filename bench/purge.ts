// npm run bench:purge — batched purge vs a bare DELETE, and /messages latency while the purge runs.
// Embedded PostgreSQL in a temp dir; BENCH_EVENTS (default 1,000,000) sizes the big room.
import postgres from "postgres";
import type { App } from "../server/app";
import { paginateRoom } from "../server/pagination";
import { purgeHistory, resolvePurgePoint, formatPurgeToken } from "../server/purge";
import { openBenchApp, seedRoomOfSize, withBenchPostgres } from "./seed-room";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const OTHER_EVENTS = Math.max(10_000, Math.floor(EVENTS / 50));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** /messages pages (admin view: the purge is what is measured, not visibility) from random points in the room, until stopped. */
async function reader(app: App, roomId: string, tokens: string[], stop: { done: boolean }): Promise<{ times: number[]; errors: number }> {
  const ctx = app.ctx("@bench:test");
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; !stop.done; i++) {
    const from = i % 4 === 0 ? undefined : tokens[Math.floor(Math.random() * tokens.length)];
    const started = performance.now();
    try {
      await paginateRoom(ctx, { roomId, viewer: { admin: true }, from, dir: "b", limit: 20 });
      times.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
  return { times, errors };
}

async function main(): Promise<void> {
  await withBenchPostgres("purge", async ({ admin, createDatabase }) => {
    const url = await createDatabase("bench");
    let app = openBenchApp(url);
    const ctx = app.ctx("@alice:test");
    const seeded = await seedRoomOfSize(app, EVENTS, { log: true });
    const big = seeded.roomId;
    const otherSeeded = await seedRoomOfSize(app, OTHER_EVENTS);
    const other = otherSeeded.roomId;
    const seedSeconds = seeded.seconds + otherSeeded.seconds;
    console.log(`seeded ${(EVENTS + OTHER_EVENTS).toLocaleString()} events through persistEvents in ${seedSeconds.toFixed(0)} s`);
    const [mid] = await app.conn.sql<{ event_id: string }[]>`
      select event_id from events where room_id = ${big} order by depth offset ${Math.floor(EVENTS / 2)} limit 1`;
    const point = await resolvePurgePoint(ctx, { roomId: big, eventId: mid?.event_id ?? "" });
    const tokens = async (roomId: string) =>
      (await app.conn.sql<{ depth: number; stream_ordering: number }[]>`
        select depth, stream_ordering from events where room_id = ${roomId} order by random() limit 2000`).map((r) => formatPurgeToken({ depth: r.depth, stream: r.stream_ordering }));
    const bigTokens = await tokens(big);
    const otherTokens = await tokens(other);
    await app.conn.sql`vacuum analyze`;
    await app.stop();

    // Like for like: the bare DELETE and a batched purge, each alone on its own copy of the database.
    const copy = postgres(await createDatabase("bench_copy", "bench"), { max: 1, onnotice: () => {} });
    const quietUrl = await createDatabase("bench_quiet", "bench");
    let t0 = performance.now();
    const bare = await copy`delete from events where room_id = ${big} and depth < ${point.depth} and state_key is null`;
    const bareSeconds = (performance.now() - t0) / 1000;
    await copy.end();
    await admin.unsafe("drop database bench_copy");
    const quietApp = openBenchApp(quietUrl);
    t0 = performance.now();
    const quiet = await purgeHistory(quietApp.ctx("system:bench"), { roomId: big, depth: point.depth, deleteLocalEvents: true });
    const quietSeconds = (performance.now() - t0) / 1000;
    await quietApp.stop();
    await admin.unsafe("drop database bench_quiet");

    app = openBenchApp(url);
    const idle = { done: false };
    const baseline = reader(app, big, bigTokens, idle);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    idle.done = true;
    const base = await baseline;

    const stop = { done: false };
    const readers = [reader(app, big, bigTokens, stop), reader(app, other, otherTokens, stop)];
    t0 = performance.now();
    const progress = await purgeHistory(app.ctx("system:bench"), { roomId: big, depth: point.depth, deleteLocalEvents: true });
    const purgeSeconds = (performance.now() - t0) / 1000;
    stop.done = true;
    const [onBig, onOther] = await Promise.all(readers);
    await app.stop();

    console.log(`\nPurge bench: ${EVENTS.toLocaleString()} events in the big room, ${OTHER_EVENTS.toLocaleString()} in the other (seeded in ${seedSeconds.toFixed(0)} s)`);
    console.table({
      "bare DELETE (one statement, FK cascades)": { rows: bare.count, seconds: bareSeconds.toFixed(1), "vs bare": "1.00×" },
      [`batched purge (batch ${app.config.purge.batch_size}), alone`]: { rows: quiet.deleted, seconds: quietSeconds.toFixed(1), "vs bare": `${(quietSeconds / bareSeconds).toFixed(2)}×` },
      "batched purge while /messages readers run": { rows: progress.deleted, seconds: purgeSeconds.toFixed(1), "vs bare": `${(purgeSeconds / bareSeconds).toFixed(2)}×` },
    });
    console.table({
      "big room, no purge running": { pages: base.times.length, p50: ms(pct(base.times, 50)), p99: ms(pct(base.times, 99)), errors: base.errors },
      "big room, during purge": { pages: onBig?.times.length, p50: ms(pct(onBig?.times ?? [], 50)), p99: ms(pct(onBig?.times ?? [], 99)), errors: onBig?.errors },
      "other room, during purge": { pages: onOther?.times.length, p50: ms(pct(onOther?.times ?? [], 50)), p99: ms(pct(onOther?.times ?? [], 99)), errors: onOther?.errors },
    });
    console.log("/messages = the paginateRoom verb (server/pagination), admin viewer, dir=b, limit 20, random old tokens and the latest page.");
  });
}

await main();
