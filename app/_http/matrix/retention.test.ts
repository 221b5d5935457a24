import { describe, expect, it } from "vitest";
import type { ConfigInput } from "@/server/config";
import { createTestApi, type TestApi } from "../testing";

const DAY = 86_400_000;
const V3 = "/_matrix/client/v3";
const CONFIG_URL = "/_matrix/client/unstable/org.matrix.msc1763/retention/configuration";

async function setup(config: ConfigInput) {
  const api = await createTestApi(config);
  const alice = await api.user("alice");
  return { api, alice };
}

let txn = 0;
async function send(api: TestApi, token: string, roomId: string, body: string): Promise<string> {
  const res = await api.put(`${V3}/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${++txn}`, { msgtype: "m.text", body }, { token });
  expect(res.status).toBe(200);
  return String(res.body.event_id);
}

async function createRoom(api: TestApi, token: string, policy?: Record<string, unknown>): Promise<string> {
  const res = await api.post(`${V3}/createRoom`, {}, { token });
  expect(res.status).toBe(200);
  const roomId = String(res.body.room_id);
  if (policy) expect((await api.put(`${V3}/rooms/${encodeURIComponent(roomId)}/state/m.room.retention`, policy, { token })).status).toBe(200);
  return roomId;
}

const getEvent = (api: TestApi, token: string, roomId: string, eventId: string) =>
  api.get(`${V3}/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`, { token });

/** Synapse's RetentionNoDefaultPolicyTestCase._test_retention: send, +30d, send, +30d, fetch both. */
async function thirtyDaysTwice(api: TestApi, token: string, roomId: string) {
  const first = await send(api, token, roomId, "1");
  expect((await getEvent(api, token, roomId, first)).body.content).toMatchObject({ body: "1" });
  await api.app.clock.advance(30 * DAY);
  const second = await send(api, token, roomId, "2");
  await api.app.clock.advance(30 * DAY);
  return { first: await getEvent(api, token, roomId, first), second: await getEvent(api, token, roomId, second) };
}

describe("hiding expired events on the client API (§9 items 73–75)", () => {
  it("73: no default and no room policy: a 60-day-old message is still served", async () => {
    const { api, alice } = await setup({ retention: { enabled: true } });
    const roomId = await createRoom(api, alice.token);
    const { first, second } = await thirtyDaysTwice(api, alice.token, roomId);
    expect(first.status).toBe(200);
    expect(first.body.content).toMatchObject({ body: "1" });
    expect(second.status).toBe(200);
  });

  it("74: no default, room policy 35d: the 60-day-old message is 404, the 30-day-old one 200", async () => {
    const { api, alice } = await setup({ retention: { enabled: true } });
    const roomId = await createRoom(api, alice.token, { max_lifetime: 35 * DAY });
    const { first, second } = await thirtyDaysTwice(api, alice.token, roomId);
    expect(first.status).toBe(404);
    expect(first.body.errcode).toBe("M_NOT_FOUND");
    expect(second.status).toBe(200);
    expect(second.body.content).toMatchObject({ body: "2" });
  });

  it("75: retention disabled, room policy 1d: after 2d the message is still served", async () => {
    const { api, alice } = await setup({ retention: { enabled: false } });
    const roomId = await createRoom(api, alice.token, { max_lifetime: DAY });
    const eventId = await send(api, alice.token, roomId, "test");
    await api.app.clock.advance(2 * DAY);
    expect((await getEvent(api, alice.token, roomId, eventId)).status).toBe(200);
  });

  it("state events are never hidden, however old", async () => {
    const { api, alice } = await setup({ retention: { enabled: true, default_policy: { max_lifetime: "1d" } } });
    const res = await api.post(`${V3}/createRoom`, { name: "old" }, { token: alice.token });
    const roomId = String(res.body.room_id);
    await api.app.clock.advance(10 * DAY);
    const name = await api.get(`${V3}/rooms/${encodeURIComponent(roomId)}/state/m.room.name`, { token: alice.token });
    expect(name.status).toBe(200);
    const messages = await api.get(`${V3}/rooms/${encodeURIComponent(roomId)}/messages`, { token: alice.token, query: { dir: "b", limit: 50 } });
    const chunk = messages.body.chunk as Array<{ type: string; state_key?: string }>;
    expect(chunk.length).toBeGreaterThan(0);
    expect(chunk.every((e) => e.state_key !== undefined)).toBe(true);
  });
});

describe("MSC1763 retention configuration endpoint (§9 item 76)", () => {
  const full = {
    enabled: true,
    default_policy: { min_lifetime: DAY, max_lifetime: 3 * DAY },
    allowed_lifetime_min: DAY,
    allowed_lifetime_max: 3 * DAY,
  };

  it("is 404 when retention is disabled, even with msc1763 on", async () => {
    const { api, alice } = await setup({ retention: { ...full, enabled: false }, experimental: { msc1763_enabled: true } });
    const res = await api.get(CONFIG_URL, { token: alice.token });
    expect(res.status).toBe(404);
    expect(res.body.errcode).toBe("M_UNRECOGNIZED");
  });

  it("is 404 when msc1763 is disabled", async () => {
    const { api, alice } = await setup({ retention: full, experimental: { msc1763_enabled: false } });
    expect((await api.get(CONFIG_URL, { token: alice.token })).status).toBe(404);
  });

  it("returns the default policy and the max_lifetime limits when fully configured, to any user", async () => {
    const { api, alice } = await setup({ retention: full, experimental: { msc1763_enabled: true } });
    const res = await api.get(CONFIG_URL, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ policies: { "*": { min_lifetime: DAY, max_lifetime: 3 * DAY } }, limits: { max_lifetime: { min: DAY, max: 3 * DAY } } });
    expect((await api.get(CONFIG_URL)).body.errcode).toBe("M_MISSING_TOKEN");
    expect((await api.get(CONFIG_URL)).status).toBe(401);
    expect((await api.get(CONFIG_URL, { token: "nope" })).body.errcode).toBe("M_UNKNOWN_TOKEN");
    // Only the unstable path exists, not a v3 alias.
    expect((await api.get("/_matrix/client/v3/org.matrix.msc1763/retention/configuration", { token: alice.token })).status).toBe(404);
  });

  it("returns empty policies and limits when nothing is configured", async () => {
    const { api, alice } = await setup({ retention: { enabled: true }, experimental: { msc1763_enabled: true } });
    expect((await api.get(CONFIG_URL, { token: alice.token })).body).toEqual({ policies: {}, limits: {} });
  });

  it("returns limits but no '*' policy when only limits are set", async () => {
    const { api, alice } = await setup({ retention: { enabled: true, allowed_lifetime_min: "1d", allowed_lifetime_max: "7d" }, experimental: { msc1763_enabled: true } });
    const res = await api.get(CONFIG_URL, { token: alice.token });
    expect(res.body.policies).toEqual({});
    expect(res.body.limits).toEqual({ max_lifetime: { min: DAY, max: 7 * DAY } });
  });
});
