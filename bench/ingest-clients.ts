// The load generator of bench:ingest, in its own process so the server's event loop and CPU
// figures are its own: N keep-alive clients PUT m.room.message as fast as answers come back.
// argv: baseUrl seconds phase clientsJson ([{token, roomId}]). Prints "ready", starts when a line
// comes on stdin (so the parent's CPU figures leave out this process's start), then prints one JSON
// line of results.
import { Agent, request } from "node:http";

interface Client {
  token: string;
  roomId: string;
}

function put(agent: Agent, url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    const req = request(url, { method: "PUT", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const [baseUrl = "", secondsArg = "10", phase = "phase", clientsJson = "[]"] = process.argv.slice(2);
  const clients = JSON.parse(clientsJson) as Client[];
  const agent = new Agent({ keepAlive: true, maxSockets: clients.length });
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  process.stdin.destroy();
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + Number(secondsArg) * 1000;
  await Promise.all(
    clients.map(async ({ token, roomId }, client) => {
      const prefix = `${baseUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(phase)}-${client}-`;
      for (let i = 0; performance.now() < deadline; i++) {
        const body = JSON.stringify({ msgtype: "m.text", body: `client ${client} message ${i} ${"lorem ipsum ".repeat(4)}` });
        const t0 = performance.now();
        const status = await put(agent, `${prefix}${i}`, token, body);
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const result = { sent: latencies.length, errors, elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMs: (cpu.user + cpu.system) / 1000 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
