// Ad-hoc: the write path without HTTP. Sends messages through sendEvent from N lanes (each lane
// sequential, as a client) across R rooms, and prints CPU ms per event of this process and of
// PostgreSQL, and events per transaction. BENCH_EVENTS (default 3000), BENCH_LANES (8), BENCH_ROOMS (4).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir, loadavg } from "node:os";
import path from "node:path";
import { createApp } from "../server/app";
import { systemClock } from "../server/clock";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { silentLogger } from "../server/logger";
import { createRoom, sendEvent } from "../server/rooms";
import { freePort } from "../server/testing/free-port";
import { postgresCpuMs } from "./process-cpu";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const LANES = Number(process.env.BENCH_LANES ?? 8);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 4);

// Socket writes of this process (all of them go to PostgreSQL here): each flight of statements is
// one or two writes, so writes per transaction count the round trips of the write path.
let writes = 0;
const write = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket["write"]>) {
  writes++;
  return write.apply(this, args);
} as Socket["write"];

const dir = mkdtempSync(path.join(tmpdir(), "scrollback-core-"));
chmodSync(dir, 0o755);
const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
try {
  await runMigrations(embedded.url);
  const conn = connect(embedded.url);
  const app = createApp({ conn, config: parseConfig({ server_name: "bench" }), clock: systemClock, logger: silentLogger, instanceName: "core" });
  const ctx = app.ctx("@u:bench");
  const rooms: string[] = [];
  for (let r = 0; r < ROOMS; r++) rooms.push((await createRoom(ctx, { creator: "@u:bench", preset: "public_chat" })).roomId);
  const run = async (tag: string, count: number) => {
    const writes0 = writes;
    const [xacts0] = await conn.sql`select xact_commit::int as n from pg_stat_database where datname = current_database()`;
    const cpu = process.cpuUsage();
    const pg = postgresCpuMs(path.join(dir, "pg")) ?? 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: LANES }, async (_, lane) => {
      for (let i = 0; i < count / LANES; i++) {
        await sendEvent(ctx, { roomId: rooms[lane % ROOMS] ?? "", sender: "@u:bench", type: "m.room.message", content: { msgtype: "m.text", body: `lane ${lane} message ${i} ${"lorem ipsum ".repeat(4)}` }, txn: { deviceId: "D", txnId: `${tag}-${lane}-${i}` } });
      }
    }));
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const pgMs = (postgresCpuMs(path.join(dir, "pg")) ?? 0) - pg;
    const [xacts1] = await conn.sql`select xact_commit::int as n from pg_stat_database where datname = current_database()`;
    const tx = Number(xacts1?.n) - Number(xacts0?.n) - 2;
    const sent = writes - writes0 - 2;
    console.log(`${tag}: ${count} events, ${LANES} lanes, ${ROOMS} rooms: ${(count / (ms / 1000)).toFixed(0)} ev/s, node ${((used.user + used.system) / 1000 / count).toFixed(2)} ms/ev, PostgreSQL ${(pgMs / count).toFixed(2)} ms/ev, ${(count / tx).toFixed(1)} ev/transaction, ${(sent / tx).toFixed(1)} socket writes/transaction`);
  };
  await run("warm", 400);
  await run("run", EVENTS);
  await app.stop();
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  await embedded.stop();
  rmSync(dir, { recursive: true, force: true });
}
