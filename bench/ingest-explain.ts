// Ad-hoc: EXPLAIN (ANALYZE, BUFFERS) of the send path's reads after a burst of sends to one room.
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
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

const dir = mkdtempSync(path.join(tmpdir(), "scrollback-explain-"));
chmodSync(dir, 0o755);
const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
try {
  await runMigrations(embedded.url);
  const conn = connect(embedded.url);
  const app = createApp({ conn, config: parseConfig({ server_name: "bench" }), clock: systemClock, logger: silentLogger, instanceName: "x" });
  const ctx = app.ctx("@u:bench");
  const { roomId } = await createRoom(ctx, { creator: "@u:bench", preset: "public_chat" });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
    for (let i = 0; i < 400; i++) await sendEvent(ctx, { roomId, sender: "@u:bench", type: "m.room.message", content: { msgtype: "m.text", body: `${lane} ${i}` }, txn: { deviceId: "D", txnId: `${lane}-${i}` } });
  }));
  console.log("3200 sends in", (performance.now() - t0).toFixed(0), "ms");
  const rooms = JSON.stringify([roomId]);
  for (const q of [
    `explain (analyze, buffers) select f.event_id, f.room_id, (select e.depth from events e where e.event_id = f.event_id) as depth from event_forward_extremities f where f.room_id = any(array(select jsonb_array_elements_text('${rooms}'::jsonb)))`,
    `select n_live_tup, n_dead_tup, relname from pg_stat_user_tables where relname in ('event_forward_extremities','rooms','events','current_state')`,
  ]) {
    for (const row of await conn.sql.unsafe(q)) console.log(Object.values(row).join(" "));
  }
  await app.stop();
} finally {
  await embedded.stop();
  rmSync(dir, { recursive: true, force: true });
}
