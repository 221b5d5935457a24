// A separate process that takes a write lock and holds it (renewing) until it is killed: the
// SIGKILL test in kill.test.ts starts it with `npx tsx` and kills it without a chance to release.
import { createApp } from "../app";
import { parseConfig } from "../config";
import { connect } from "../db/client";
import { silentLogger } from "../logger";
import { acquireLocks } from ".";

const [url, timeout, name, key] = process.argv.slice(2);
if (!url || !timeout || !name || !key) throw new Error("usage: hold-lock.child.ts <database url> <lease ms> <name> <key>");
const app = createApp({ conn: connect(url, { max: 2 }), config: parseConfig({ server_name: "test" }), logger: silentLogger, instanceName: `child-${process.pid}` });
await acquireLocks(app.ctx("system:child"), [{ name, key, write: true }], { timeoutMs: Number(timeout) });
process.stdout.write("locked\n");
setInterval(() => {}, 1 << 30);
