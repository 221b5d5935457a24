// npm run import -- FILE [--room !room:server]
// Imports PDUs from a JSON file ({room_id, events} or {events} with --room) straight through the core,
// on DATABASE_URL or the embedded PostgreSQL. Large files go in batches of 5,000 events; each batch
// is all-or-nothing, and the first failing batch stops the import.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createApp, openDatabase } from "../server/app";
import { ConfigError, loadConfig } from "../server/config";
import { connect } from "../server/db/client";
import { isMatrixError } from "../server/errors";
import { importEvents } from "../server/import";
import { consoleLogger } from "../server/logger";

const BATCH = 5_000;

function readInput(): { roomId: string; events: unknown[]; file: string } {
  const { values, positionals } = parseArgs({ options: { room: { type: "string" } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) throw new Error("usage: npm run import -- FILE [--room !room:server]");
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${file}: expected a JSON object {room_id?, events}`);
  const body = parsed as { room_id?: unknown; events?: unknown };
  const roomId = values.room ?? (typeof body.room_id === "string" ? body.room_id : undefined);
  if (!roomId) throw new Error(`${file}: no room_id in the file; pass --room`);
  if (!Array.isArray(body.events)) throw new Error(`${file}: "events" must be an array`);
  return { roomId, events: body.events, file };
}

async function main(): Promise<void> {
  const input = readInput();
  const config = loadConfig();
  const database = await openDatabase(config, consoleLogger);
  const app = createApp({ conn: connect(database.url, { max: 2 }), config, logger: consoleLogger, onStop: async () => database.embedded?.stop() });
  const started = performance.now();
  let stored = 0;
  try {
    for (let offset = 0; offset < input.events.length; offset += BATCH) {
      const { eventIds } = await importEvents(app.ctx("system:import"), { roomId: input.roomId, events: input.events.slice(offset, offset + BATCH) });
      stored += eventIds.length;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`imported ${stored} events into ${input.roomId} from ${input.file} in ${seconds.toFixed(1)} s`);
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  if (isMatrixError(error)) console.error(`import failed: ${error.errcode}: ${error.message}`);
  else if (error instanceof ConfigError) console.error(`configuration: ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
