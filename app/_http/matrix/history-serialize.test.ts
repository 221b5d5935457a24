import { describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { createTestApi, type ApiResult } from "../testing";

const api = await createTestApi();
const fx = roomFixture(api.app);
const user1 = await api.user("user1");
const user2 = await api.user("user2");
const user3 = await api.user("user3");
const admin = await api.user("admin", { admin: true });

type Ev = Record<string, unknown> & { event_id: string; type: string; content: Record<string, unknown>; unsigned: Record<string, unknown> };
const chunkOf = (r: ApiResult) => r.body.chunk as Ev[];
const path = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
const back = (roomId: string, token = user1.token, query: Record<string, string | number> = {}) => api.get(path(roomId), { token, query: { dir: "b", limit: 50, ...query } });
const find = (r: ApiResult, id: string) => chunkOf(r).find((e) => e.event_id === id);

async function room(): Promise<string> {
  const roomId = await fx.create(user1.userId, { preset: "public_chat" });
  await fx.member(roomId, user2.userId, "join");
  await fx.member(roomId, user3.userId, "join");
  return roomId;
}
const rel = (relType: string, eventId: string, extra: Record<string, unknown> = {}) => ({ "m.relates_to": { rel_type: relType, event_id: eventId, ...extra } });

describe("bundled aggregations (§2.11, §9 items 10-13)", () => {
  it("bundles the latest edit as a full event, leaving the original content alone (item 10)", async () => {
    const roomId = await room();
    const o = await fx.send(roomId, user1.userId, "original");
    const e1 = await fx.persist(roomId, [{ type: "m.room.message", sender: user1.userId, content: { body: "* one", "m.new_content": { body: "one" }, ...rel("m.replace", o.eventId) } }]);
    await api.app.clock.advance(1000);
    const [e2] = await fx.persist(roomId, [{ type: "m.room.message", sender: user1.userId, content: { body: "* two", "m.new_content": { body: "two" }, ...rel("m.replace", o.eventId) } }]);
    // An edit by someone else is not applicable.
    await fx.persist(roomId, [{ type: "m.room.message", sender: user2.userId, content: { body: "* evil", ...rel("m.replace", o.eventId) } }]);
    const res = await back(roomId);
    const original = find(res, o.eventId);
    expect(original?.content).toEqual({ msgtype: "m.text", body: "original" });
    const bundle = (original?.unsigned["m.relations"] as Record<string, Ev>)["m.replace"];
    expect(bundle?.event_id).toBe(e2?.eventId);
    expect(bundle?.content.body).toBe("* two");
    expect(bundle?.sender).toBe(user1.userId);
    // Edits themselves carry no aggregations.
    expect(find(res, e1[0]?.eventId ?? "")?.unsigned["m.relations"]).toBeUndefined();
  });

  it("lists references in order (item 11)", async () => {
    const roomId = await room();
    const o = await fx.send(roomId, user1.userId, "O");
    const [r1, r2] = await fx.persist(roomId, [
      { type: "m.room.message", sender: user2.userId, content: { body: "r1", ...rel("m.reference", o.eventId) } },
      { type: "m.room.message", sender: user3.userId, content: { body: "r2", ...rel("m.reference", o.eventId) } },
    ]);
    const relations = find(await back(roomId), o.eventId)?.unsigned["m.relations"];
    expect(relations).toEqual({ "m.reference": { chunk: [{ event_id: r1?.eventId }, { event_id: r2?.eventId }] } });
  });

  it("summarises threads per viewer (item 12)", async () => {
    const roomId = await room();
    const o = await fx.send(roomId, user1.userId, "root");
    const [, t2] = await fx.persist(roomId, [
      { type: "m.room.message", sender: user2.userId, content: { body: "reply 1", ...rel("m.thread", o.eventId) } },
      { type: "m.room.message", sender: user2.userId, content: { body: "reply 2", ...rel("m.thread", o.eventId) } },
    ]);
    const edit = await fx.persist(roomId, [{ type: "m.room.message", sender: user2.userId, content: { body: "* reply 2!", ...rel("m.replace", t2?.eventId ?? "") } }]);
    for (const [viewer, participated] of [[user1, true], [user2, true], [user3, false]] as const) {
      const thread = (find(await back(roomId, viewer.token), o.eventId)?.unsigned["m.relations"] as Record<string, Record<string, unknown>>)["m.thread"];
      expect(thread?.count).toBe(2);
      expect(thread?.current_user_participated).toBe(participated);
      const latest = thread?.latest_event as Ev;
      expect(latest.event_id).toBe(t2?.eventId);
      expect((latest.unsigned["m.relations"] as Record<string, Ev>)["m.replace"]?.event_id).toBe(edit[0]?.eventId);
    }
    // Ignored users' replies are not counted.
    await fx.ignore(user3.userId, [user2.userId]);
    expect(find(await back(roomId, user3.token), o.eventId)?.unsigned["m.relations"]).toBeUndefined();
  });

  it("drops the edit bundle once the original is redacted (item 13)", async () => {
    const roomId = await room();
    const o = await fx.send(roomId, user1.userId, "O");
    await fx.persist(roomId, [{ type: "m.room.message", sender: user1.userId, content: { body: "* O2", ...rel("m.replace", o.eventId) } }]);
    expect(find(await back(roomId), o.eventId)?.unsigned["m.relations"]).toHaveProperty("m.replace");
    const [redaction] = await fx.persist(roomId, [{ type: "m.room.redaction", sender: user1.userId, content: { redacts: o.eventId } }]);
    const redacted = find(await back(roomId), o.eventId);
    expect(redacted?.unsigned["m.relations"] ?? {}).toEqual({});
    expect(redacted?.content).toEqual({});
    expect(redacted?.unsigned.redacted_by).toBe(redaction?.eventId);
    expect((redacted?.unsigned.redacted_because as Ev).event_id).toBe(redaction?.eventId);
    expect((redacted?.redacted_because as Ev).event_id).toBe(redaction?.eventId);
    const redactionEvent = find(await back(roomId), redaction?.eventId ?? "");
    expect(redactionEvent?.redacts).toBe(o.eventId);
    expect(redactionEvent?.content.redacts).toBe(o.eventId);
  });
});

describe("serialisation (§2.12)", () => {
  it("adds prev_content, prev_sender and replaces_state to state events, top level too", async () => {
    const roomId = await room();
    const first = await fx.state(roomId, user1.userId, "m.room.topic", { topic: "one" });
    const second = await fx.state(roomId, user2.userId, "m.room.topic", { topic: "two" });
    const res = await back(roomId);
    const ev = find(res, second.eventId);
    expect(ev?.unsigned).toMatchObject({ prev_content: { topic: "one" }, prev_sender: user1.userId, replaces_state: first.eventId });
    expect(ev?.prev_content).toEqual({ topic: "one" });
    expect(ev?.replaces_state).toBe(first.eventId);
    expect(find(res, first.eventId)?.unsigned.prev_content).toBeUndefined();
    expect(ev).toMatchObject({ user_id: user2.userId, age: expect.any(Number), state_key: "" });
    expect(ev).not.toHaveProperty("depth");
    expect(ev).not.toHaveProperty("prev_events");
  });

  it("serves federation format with `raw` or event_format: federation", async () => {
    const roomId = await room();
    const m = await fx.send(roomId, user1.userId, "raw me");
    for (const query of [{ raw: "1" }, { filter: JSON.stringify({ event_format: "federation" }) }] as Array<Record<string, string>>) {
      const ev = find(await back(roomId, user1.token, query), m.eventId);
      expect(ev).toMatchObject({ depth: m.depth, prev_events: m.prevEvents, unsigned: { age: expect.any(Number), membership: "join" } });
      expect(ev).not.toHaveProperty("user_id");
      expect(ev).not.toHaveProperty("age");
    }
    // prev_events are loaded only for this format: lazy-loaded members and /context carry them too.
    const lazy = await back(roomId, user1.token, { raw: "1", filter: JSON.stringify({ lazy_load_members: true }) });
    const member = (lazy.body.state as Ev[]).find((e) => e.state_key === user1.userId);
    expect(member?.prev_events).toEqual(expect.arrayContaining([expect.any(String)]));
    const context = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/context/${encodeURIComponent(m.eventId)}`, { token: user1.token, query: { raw: "1" } });
    expect(context.body.event).toMatchObject({ event_id: m.eventId, prev_events: m.prevEvents });
    expect((context.body.events_before as Ev[])[0]?.prev_events).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it("shows transaction_id only to the sending device", async () => {
    const roomId = await room();
    const m = await fx.send(roomId, user1.userId, "txn", { txn: { deviceId: "DEV_user1", txnId: "abc" } });
    const other = await fx.send(roomId, user1.userId, "txn2", { txn: { deviceId: "OTHER", txnId: "def" } });
    const mine = await back(roomId);
    expect(find(mine, m.eventId)?.unsigned.transaction_id).toBe("abc");
    expect(find(mine, other.eventId)?.unsigned.transaction_id).toBeUndefined();
    expect(find(await back(roomId, user2.token), m.eventId)?.unsigned.transaction_id).toBeUndefined();
  });

  it("marks soft-failed events for admins, hides them from clients", async () => {
    const roomId = await room();
    const m = await fx.send(roomId, user2.userId, "soft", { softFailed: true });
    expect(find(await back(roomId), m.eventId)).toBeUndefined();
    const adminRes = await api.get(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages`, { token: admin.token, query: { dir: "b" } });
    expect(find(adminRes, m.eventId)?.unsigned["io.element.synapse.soft_failed"]).toBe(true);
  });
});
