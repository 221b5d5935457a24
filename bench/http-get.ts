// The benches' HTTP client: node:http over one kept-alive socket. The bench process is client and
// server at once on two shared cores, so whatever the client spends is added to the latency it
// measures. undici's fetch spends about 0.4 ms more per request than node:http on these machines
// (GET /versions: printed by bench:messages as the HTTP floor, for both clients).
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET `url` with a bearer token; the whole body, or an error for any status but 200. */
export function httpGet(url: string, token: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode === 200) resolve(body);
        else reject(new Error(`${url} → ${res.statusCode} ${body.toString()}`));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The same request through fetch (undici), for the floor comparison. */
export async function fetchGet(url: string, token: string): Promise<ArrayBuffer> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return res.arrayBuffer();
}
