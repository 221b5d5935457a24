// npm run bench:ingest — sustained send throughput through the HTTP API.
// An embedded PostgreSQL in a temp dir, an App, the dispatcher behind a real socket, then 8
// concurrent keep-alive clients PUT m.room.message: first spread over 4 rooms (2 clients each),
// then all into one shared room. Prints events/second and p50/p99 send latency per phase.
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../server/app";
import { createAccessToken, createUser } from "../server/auth";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { silentLogger } from "../server/logger";
import { changeMembership, createRoom } from "../server/rooms";
import { createDispatcher } from "../app/_http/router";
import { sessionRoutes } from "../app/_http/matrix/session";
import { roomRoutes } from "../app/_http/matrix/rooms";
import { serveDispatcher } from "../app/_http/test-server";
import { freePort } from "../server/testing/free-port";

const CLIENTS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

function put(agent: Agent, baseUrl: string, urlPath: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${urlPath}`, { method: "PUT", agent, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Phase {
  name: string;
  roomOf: (client: number) => string;
}

async function runPhase(baseUrl: string, tokens: string[], phase: Phase, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    tokens.map(async (token, client) => {
      const roomPath = `/_matrix/client/v3/rooms/${encodeURIComponent(phase.roomOf(client))}/send/m.room.message/`;
      for (let i = 0; performance.now() < deadline; i++) {
        const body = JSON.stringify({ msgtype: "m.text", body: `client ${client} message ${i} ${"lorem ipsum ".repeat(4)}` });
        const t0 = performance.now();
        const status = await put(agent, baseUrl, `${roomPath}${phase.name}-${client}-${i}`, token, body);
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ok = latencies.length - errors;
  console.log(
    `${phase.name.padEnd(8)} ${String(ok).padStart(6)} events in ${elapsed.toFixed(1)} s = ${(ok / elapsed).toFixed(0).padStart(5)} events/s` +
      `   p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   errors ${errors}` +
      // Node CPU (server and clients share this process): what the load would cost on an idle core.
      `   node CPU ${((cpu.user + cpu.system) / 1000 / Math.max(1, ok)).toFixed(2)} ms/event`,
  );
  return { ok, elapsed };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "scrollback-bench-"));
  chmodSync(dir, 0o755);
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  try {
    await runMigrations(embedded.url);
    const app = createApp({ conn: connect(embedded.url), config: parseConfig({ server_name: "bench" }), logger: silentLogger, instanceName: "bench" });
    const server = await serveDispatcher(createDispatcher(async () => app, [...sessionRoutes, ...roomRoutes]));
    const ctx = app.ctx("system:bench");
    const users: string[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const userId = `@user${i}:bench`;
      await createUser(ctx, { userId });
      users.push(userId);
      tokens.push((await createAccessToken(ctx, { userId, deviceId: `DEV${i}` })).accessToken);
    }
    const rooms: string[] = [];
    for (let r = 0; r < 5; r++) rooms.push((await createRoom(ctx, { creator: users[0] ?? "", preset: "public_chat" })).roomId);
    for (const room of rooms) for (const user of users.slice(1)) await changeMembership(app.ctx(user), { roomId: room, sender: user, target: user, action: "join" });
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (a busy machine lowers every figure)`);
    console.log(`ingest: ${CLIENTS} keep-alive clients, PUT /send, ${SECONDS} s (PostgreSQL ${embedded.url.replace(/\/\/.*@/, "//")})`);
    const spread = await runPhase(server.baseUrl, tokens, { name: "4 rooms", roomOf: (c) => rooms[c % 4] ?? "" }, SECONDS / 2);
    const shared = await runPhase(server.baseUrl, tokens, { name: "shared", roomOf: () => rooms[4] ?? "" }, SECONDS / 2);
    const total = spread.ok + shared.ok;
    console.log(`overall  ${total} events in ${(spread.elapsed + shared.elapsed).toFixed(1)} s = ${(total / (spread.elapsed + shared.elapsed)).toFixed(0)} events/s (goal ≥ 500/s on 2 cores)`);
    await server.close();
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
