import { createClient, Direction } from "matrix-js-sdk";
import type { Logger } from "matrix-js-sdk/lib/logger";
import { afterAll, describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { serveDispatcher } from "../test-server";
import { createTestApi } from "../testing";

const api = await createTestApi();
const fx = roomFixture(api.app);
const alice = await api.user("alice");
const server = await serveDispatcher(api.dispatch);
afterAll(() => server.close());

// The SDK logs every request; keep the test output readable.
const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, getChild: () => quiet };

describe("matrix-js-sdk reads a room through Scrollback", () => {
  it("pages a whole room backwards with createMessagesRequest until there is no end", async () => {
    const roomId = await fx.create(alice.userId, { preset: "private_chat", name: "SDK room" });
    const sent = await fx.persist(
      roomId,
      Array.from({ length: 237 }, (_, i) => ({ type: "m.room.message", sender: alice.userId, content: { msgtype: "m.text", body: `message ${i}` } })),
    );
    const client = createClient({ baseUrl: server.baseUrl, accessToken: alice.token, userId: alice.userId, logger: quiet });
    const seen: string[] = [];
    let from: string | null = null;
    let requests = 0;
    for (;;) {
      const res = await client.createMessagesRequest(roomId, from, 25, Direction.Backward);
      requests++;
      seen.push(...res.chunk.map((e) => e.event_id ?? ""));
      if (!res.end) break;
      from = res.end;
    }
    const bodies = sent.map((e) => e.eventId).reverse();
    expect(seen.slice(0, 237)).toEqual(bodies);
    // Then the room's 7 initial events (create, join, power levels, join rules, history visibility,
    // guest access, name) down to the create event; nothing twice.
    expect(seen).toHaveLength(237 + 7);
    expect(new Set(seen).size).toBe(seen.length);
    // Every page with events has an end; one more request finds the start of the room.
    expect(requests).toBe(Math.ceil(244 / 25) + 1);
    client.stopClient();
  });

  it("reports Matrix errors to the SDK as MatrixError", async () => {
    const client = createClient({ baseUrl: server.baseUrl, accessToken: alice.token, userId: alice.userId, logger: quiet });
    await expect(client.createMessagesRequest("!missing:test", null, 10, Direction.Backward)).rejects.toMatchObject({ errcode: "M_FORBIDDEN", httpStatus: 403 });
    client.stopClient();
  });
});
