import { afterAll, describe, expect, it } from "vitest";
import { createClient, EventType, MsgType, type MatrixClient } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { createTestApi } from "../testing";
import { serveDispatcher } from "../test-server";


sdkLogger.setLevel("warn");
const api = await createTestApi();
await api.user("alice", { password: "alice-password" });
const server = await serveDispatcher(api.dispatch);
afterAll(() => server.close());

describe("matrix-js-sdk against the HTTP API", () => {
  it("logs in, creates a room, sends 50 messages, changes the topic and reads state back", async () => {
    const client: MatrixClient = createClient({ baseUrl: server.baseUrl });
    const login = await client.loginRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: "alice-password" });
    expect(login.user_id).toBe("@alice:test");
    const authed = createClient({ baseUrl: server.baseUrl, accessToken: login.access_token, userId: login.user_id, deviceId: login.device_id });

    const { room_id: roomId } = await authed.createRoom({ name: "SDK room", topic: "first" });
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { event_id: eventId } = await authed.sendEvent(roomId, EventType.RoomMessage, { msgtype: MsgType.Text, body: `message ${i}` }, `txn-${i}`);
      ids.add(eventId);
    }
    expect(ids.size).toBe(50);
    await authed.sendStateEvent(roomId, EventType.RoomTopic, { topic: "second" }, "");
    expect(await authed.getStateEvent(roomId, EventType.RoomTopic, "")).toEqual({ topic: "second" });
    const state = await authed.roomState(roomId);
    expect(state.find((e) => e.type === "m.room.name")?.content).toEqual({ name: "SDK room" });
    expect(state.find((e) => e.type === "m.room.topic")?.content).toEqual({ topic: "second" });
    // Exactly the 50 messages sent are in the room's history, as a client pages it.
    const filter = JSON.stringify({ types: ["m.room.message"] });
    const history = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, { token: login.access_token, query: { dir: "b", limit: 100, filter } });
    expect(new Set((history.body.chunk as Array<{ event_id: string }>).map((e) => e.event_id))).toEqual(ids);
    // Errors arrive as MatrixError with the server's errcode.
    await expect(authed.getStateEvent(roomId, "m.room.avatar", "")).rejects.toMatchObject({ errcode: "M_NOT_FOUND", httpStatus: 404 });
    authed.stopClient();
    client.stopClient();
  });
});
