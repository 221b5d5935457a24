import { describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { createTestApi, type ApiResult } from "../testing";

const api = await createTestApi();
const fx = roomFixture(api.app);
const alice = await api.user("alice");
const user2 = await api.user("user2");
const user3 = await api.user("user3");

type Ev = Record<string, unknown> & { event_id: string; type: string; content: Record<string, unknown>; unsigned: Record<string, unknown> };
const chunkOf = (r: ApiResult) => r.body.chunk as Ev[];
const ids = (r: ApiResult) => chunkOf(r).map((e) => e.event_id);
const path = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
const get = (roomId: string, query: Record<string, string | number>, token = alice.token) => api.get(path(roomId), { token, query });
const withFilter = (roomId: string, filter: unknown, extra: Record<string, string | number> = {}) =>
  get(roomId, { dir: "f", from: "s0_0_0_0_0_0_0_0_0_0", limit: 100, filter: JSON.stringify(filter), ...extra });

async function roomWithMembers(): Promise<string> {
  const roomId = await fx.create(alice.userId, { preset: "public_chat" });
  await fx.member(roomId, user2.userId, "join");
  await fx.member(roomId, user3.userId, "join");
  return roomId;
}

describe("filters (§2.6, §9 items 4, 6, 7, 8)", () => {
  it("rejects invalid JSON with M_NOT_JSON and wrong types with M_BAD_JSON (item 4, decisions.md)", async () => {
    const roomId = await roomWithMembers();
    expect(await get(roomId, { filter: "}}}{}" })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON", error: "Query parameter filter must be a valid JSON object" } });
    expect((await get(roomId, { filter: JSON.stringify({ types: ["m.room.message"] }) })).status).toBe(200);
    const bad: unknown[] = [[1], "str", 5, { types: "m.room.message" }, { types: [1] }, { senders: {} }, { contains_url: "yes" }, { lazy_load_members: 1 },
      { "org.matrix.labels": "#fun" }, { related_by_senders: [true] }, { event_format: "pdu" }, { limit: "10" }, { not_rooms: [null] }];
    for (const filter of bad) {
      const res = await get(roomId, { filter: JSON.stringify(filter) });
      expect(res.status, JSON.stringify(filter)).toBe(400);
      expect(res.body.errcode).toBe("M_BAD_JSON");
    }
    // Unknown keys are ignored; a double-encoded filter is accepted as Synapse does.
    expect((await get(roomId, { filter: JSON.stringify({ "x.custom": 1 }) })).status).toBe(200);
    expect((await get(roomId, { filter: encodeURIComponent(JSON.stringify({ types: ["m.room.message"] })) })).status).toBe(200);
  });

  it("matches `*` as any run of characters, with `_` and `%` literal (item 6, decisions.md)", async () => {
    const roomId = await roomWithMembers();
    const [f1, f2] = await fx.persist(roomId, [
      { type: "f.message.1", sender: alice.userId, content: {} },
      { type: "f.message.2", sender: alice.userId, content: {} },
      { type: "m.room.message", sender: alice.userId, content: { body: "x" } },
      { type: "a_b", sender: alice.userId, content: {} },
      { type: "axb", sender: alice.userId, content: {} },
      { type: "p%q", sender: alice.userId, content: {} },
    ]);
    const back = await get(roomId, { dir: "b", filter: JSON.stringify({ types: ["f.message.*"] }) });
    expect(ids(back)).toEqual([f2?.eventId, f1?.eventId]);
    const typesOf = async (filter: unknown) => chunkOf(await withFilter(roomId, filter)).map((e) => e.type);
    expect(await typesOf({ types: ["f.*.2"] })).toEqual(["f.message.2"]);
    expect(await typesOf({ types: ["a_b"] })).toEqual(["a_b"]);
    expect(await typesOf({ types: ["a_*"] })).toEqual(["a_b"]);
    expect(await typesOf({ types: ["p%*"] })).toEqual(["p%q"]);
    expect(await typesOf({ types: ["*b"] })).toEqual(["a_b", "axb"]);
    expect(await typesOf({ not_types: ["m.room.*", "f.*", "a_b", "p%q"] })).toEqual(["axb"]);
    expect(await typesOf({ types: [] })).toEqual([]);
  });

  it("filters by senders, not_senders, rooms, not_rooms and contains_url", async () => {
    const roomId = await roomWithMembers();
    const [a, b, c] = await fx.persist(roomId, [
      { type: "m.room.message", sender: alice.userId, content: { body: "a" } },
      { type: "m.room.message", sender: user2.userId, content: { body: "b", url: "mxc://x/y" } },
      { type: "m.room.message", sender: user3.userId, content: { body: "c", url: 5 } },
    ]);
    const msgs = { types: ["m.room.message"] };
    expect(ids(await withFilter(roomId, { ...msgs, senders: [user2.userId] }))).toEqual([b?.eventId]);
    expect(ids(await withFilter(roomId, { ...msgs, not_senders: [user2.userId] }))).toEqual([a?.eventId, c?.eventId]);
    expect(ids(await withFilter(roomId, { ...msgs, senders: [] }))).toEqual([]);
    expect(ids(await withFilter(roomId, { ...msgs, contains_url: true }))).toEqual([b?.eventId]);
    expect(ids(await withFilter(roomId, { ...msgs, contains_url: false }))).toEqual([a?.eventId, c?.eventId]);
    expect(ids(await withFilter(roomId, { ...msgs, rooms: [roomId] }))).toHaveLength(3);
    const excluded = await withFilter(roomId, { ...msgs, rooms: ["!other:test"] });
    expect(excluded.body).toEqual({ chunk: [], start: "s0_0_0_0_0_0_0_0_0_0" });
    expect(ids(await withFilter(roomId, { ...msgs, not_rooms: [roomId] }))).toEqual([]);
  });

  it("types: [], senders: [] and rooms: [] answer empty chunks with an end until the rows run out (Synapse §2.6)", async () => {
    const roomId = await roomWithMembers();
    await fx.persist(roomId, ["a", "b", "c"].map((body) => ({ type: "m.room.message", sender: alice.userId, content: { body } })));
    const total = chunkOf(await get(roomId, { dir: "b", limit: 1000 })).length;
    for (const filter of [{ types: [] }, { senders: [] }, { rooms: [] }]) {
      // No SQL clause: each page of 2 rows is counted and rejected in memory, so `end` keeps moving.
      let from: string | undefined;
      let pages = 0;
      for (;;) {
        const res = await get(roomId, { dir: "b", limit: 2, filter: JSON.stringify(filter), ...(from ? { from } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.chunk).toEqual([]);
        if (res.body.end === undefined) break;
        expect(res.body.end).not.toBe(from);
        from = res.body.end as string;
        pages++;
      }
      expect(pages).toBe(Math.ceil(total / 2));
    }
    // A filter that names other rooms only is SQL: nothing matches, so no `end` at all.
    expect((await get(roomId, { dir: "b", limit: 2, filter: JSON.stringify({ rooms: ["!other:test"] }) })).body.end).toBeUndefined();
  });

  it("filters by labels and not_labels (item 7)", async () => {
    const roomId = await roomWithMembers();
    const specs: Array<[string, string[]]> = [["A", ["#fun"]], ["B", []], ["C", []], ["D", ["#work"]], ["E", ["#work", "#notfun"]], ["F", ["#fun"]]];
    await fx.persist(roomId, specs.map(([body, labels]) => ({
      type: "m.room.message",
      sender: alice.userId,
      content: labels.length > 0 ? { body, "org.matrix.labels": labels } : { body },
    })));
    const bodies = async (filter: Record<string, unknown>) =>
      chunkOf(await withFilter(roomId, { types: ["m.room.message"], ...filter })).map((e) => e.content.body);
    expect(await bodies({ "org.matrix.labels": ["#fun"] })).toEqual(["A", "F"]);
    expect(await bodies({ "org.matrix.not_labels": ["#fun"] })).toEqual(["B", "C", "D", "E"]);
    expect(await bodies({ "org.matrix.labels": ["#work"], "org.matrix.not_labels": ["#notfun"] })).toEqual(["D"]);
  });

  it("filters by related_by_senders / related_by_rel_types and MSC3874 rel_types (item 8)", async () => {
    const roomId = await roomWithMembers();
    const after = `t${(await fx.send(roomId, alice.userId, "setup done")).depth}-0`;
    const [m1, m2] = await fx.persist(roomId, ["M1", "M2", "M3"].map((body) => ({ type: "m.room.message", sender: alice.userId, content: { body } })));
    if (!m1 || !m2) throw new Error("setup");
    const annotation = await fx.persist(roomId, [{ type: "m.reaction", sender: user2.userId, content: { "m.relates_to": { rel_type: "m.annotation", event_id: m1.eventId, key: "👍" } } }]);
    const reference = await fx.persist(roomId, [{ type: "m.room.message", sender: user3.userId, content: { body: "see", "m.relates_to": { rel_type: "m.reference", event_id: m2.eventId } } }]);
    const q = (filter: unknown) => get(roomId, { dir: "f", from: after, limit: 100, filter: JSON.stringify(filter) }).then(ids);
    expect(await q({ related_by_senders: [user2.userId] })).toEqual([m1.eventId]);
    expect(await q({ related_by_senders: [user3.userId] })).toEqual([m2.eventId]);
    expect(await q({ related_by_senders: [user2.userId, user3.userId] })).toEqual([m1.eventId, m2.eventId]);
    expect(await q({ related_by_rel_types: ["m.annotation"] })).toEqual([m1.eventId]);
    expect(await q({ related_by_rel_types: ["m.reference"] })).toEqual([m2.eventId]);
    expect(await q({ related_by_senders: [user2.userId], related_by_rel_types: ["m.annotation"] })).toEqual([m1.eventId]);
    expect(await q({ related_by_senders: [user3.userId], related_by_rel_types: ["m.annotation"] })).toEqual([]);
    await fx.persist(roomId, [{ type: "m.reaction", sender: user2.userId, content: { "m.relates_to": { rel_type: "m.annotation", event_id: m1.eventId, key: "🎉" } } }]);
    expect(await q({ related_by_senders: [user2.userId] })).toEqual([m1.eventId]);
    expect(await q({ "org.matrix.msc3874.rel_types": ["m.annotation"] })).toEqual(expect.arrayContaining([annotation[0]?.eventId]));
    expect(await q({ "org.matrix.msc3874.rel_types": ["m.reference"] })).toEqual([reference[0]?.eventId]);
    const plain = await q({ "org.matrix.msc3874.not_rel_types": ["m.annotation", "m.reference"] });
    expect(plain).toContain(m1.eventId);
    expect(plain).not.toContain(reference[0]?.eventId);
  });
});

describe("lazy_load_members (§2.10)", () => {
  it("returns the senders' member events as state, only when asked", async () => {
    const roomId = await roomWithMembers();
    await fx.send(roomId, user2.userId, "from 2");
    await fx.send(roomId, user3.userId, "from 3");
    const lazy = await get(roomId, { dir: "b", limit: 2, filter: JSON.stringify({ lazy_load_members: true }) });
    const state = lazy.body.state as Ev[];
    expect(state.map((e) => e.state_key).sort()).toEqual([user2.userId, user3.userId].sort());
    expect(state.every((e) => e.type === "m.room.member" && e.unsigned.membership === undefined)).toBe(true);
    expect((await get(roomId, { dir: "b", limit: 2 })).body.state).toBeUndefined();
    // a page of state events sent by alice whose member event is in the state
    const early = await get(roomId, { dir: "f", limit: 1, filter: JSON.stringify({ lazy_load_members: true }) });
    expect((early.body.state as Ev[] | undefined)?.map((e) => e.state_key) ?? []).toEqual([]);
  });
});
