import { describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { createTestApi, type ApiResult } from "../testing";

const api = await createTestApi();
const fx = roomFixture(api.app);
const alice = await api.user("alice");
const admin = await api.user("admin", { admin: true });
const outsider = await api.user("outsider");

type Ev = Record<string, unknown> & { event_id: string; type: string; content: Record<string, unknown>; unsigned: Record<string, unknown> };
const chunkOf = (r: ApiResult) => r.body.chunk as Ev[];
const ids = (r: ApiResult) => chunkOf(r).map((e) => e.event_id);
const path = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
const adminPath = (roomId: string) => `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages`;
const tokenOf = (e: { depth: number; streamOrdering: number }) => `t${e.depth}-${e.streamOrdering}`;
const messages = (token: string, roomId: string, query: Record<string, string | number>) => api.get(path(roomId), { token, query });

/** A public_chat room: 5 state events as Synapse's test helper (create, join, power levels, join rules, history visibility). */
const newRoom = () => fx.create(alice.userId, { preset: "public_chat" });

describe("/messages: tokens and bounds (§1, §9 items 1, 2, 14, 17)", () => {
  it("accepts an underscore token without dir and echoes it as start (item 1), client and admin", async () => {
    const roomId = await newRoom();
    const from = "t1-0_0_0_0_0_0_0_0_0_0_0_0_0";
    for (const [p, token] of [[path(roomId), alice.token], [adminPath(roomId), admin.token]] as const) {
      const res = await api.get(p, { token, query: { from } });
      expect(res.status).toBe(200);
      expect(res.body.start).toBe(from);
      expect(Array.isArray(res.body.chunk)).toBe(true);
      expect(typeof res.body.end).toBe("string");
    }
  });

  it("pages forward from s0 (item 2) and accepts 10-part and bare tokens", async () => {
    const roomId = await newRoom();
    for (const from of ["s0_0_0_0_0_0_0_0_0_0_0_0_0", "s0_0_0_0_0_0_0_0_0_0", "s0"]) {
      for (const [p, token] of [[path(roomId), alice.token], [adminPath(roomId), admin.token]] as const) {
        const res = await api.get(p, { token, query: { from, dir: "f" } });
        expect(res).toMatchObject({ status: 200, body: { start: from } });
        expect(res.body.end).toEqual(expect.any(String));
        expect(chunkOf(res).map((e) => e.type)).toEqual(["m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility"]);
      }
    }
  });

  it("validates limit, dir, from and to with Synapse's codes (item 14)", async () => {
    const roomId = await newRoom();
    const cases: Array<[Record<string, string>, string, string | RegExp]> = [
      [{ limit: "-1" }, "M_INVALID_PARAM", /positive integer/],
      [{ limit: "abc" }, "M_INVALID_PARAM", /integer/],
      [{ limit: "1.5" }, "M_INVALID_PARAM", /integer/],
      [{ dir: "x" }, "M_INVALID_PARAM", /'dir'/],
      [{ from: "garbage" }, "M_UNKNOWN", "'from' parameter is invalid"],
      [{ from: "t-5-3" }, "M_UNKNOWN", "'from' parameter is invalid"],
      [{ from: "s1_0_0_0_0_0_0_0_0_0_0_0_0_0" }, "M_UNKNOWN", "'from' parameter is invalid"],
      [{ from: "x5" }, "M_UNKNOWN", "'from' parameter is invalid"],
      [{ from: "s99999999999999999999" }, "M_UNKNOWN", "'from' parameter is invalid"],
      [{ to: "nope" }, "M_UNKNOWN", "'to' parameter is invalid"],
      [{ filter: "}}}{}" }, "M_NOT_JSON", "Query parameter filter must be a valid JSON object"],
    ];
    for (const [query, errcode, error] of cases) {
      const res = await messages(alice.token, roomId, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.errcode).toBe(errcode);
      if (typeof error === "string") expect(res.body.error).toBe(error);
      else expect(res.body.error).toMatch(error);
    }
    expect((await messages(alice.token, roomId, { from: "t5--3", dir: "b" })).status).toBe(200);
    expect((await messages(alice.token, roomId, { from: "m5~1.7~", dir: "b" })).status).toBe(200);
  });

  it("clamps limit to 1000 (item 14) and defaults to 10", async () => {
    const roomId = await newRoom();
    await fx.persist(roomId, Array.from({ length: 1005 }, (_, i) => ({ type: "m.room.message", sender: alice.userId, content: { body: `${i}` } })));
    expect(chunkOf(await messages(alice.token, roomId, { dir: "b", limit: 5000 }))).toHaveLength(1000);
    expect(chunkOf(await messages(alice.token, roomId, { dir: "b" }))).toHaveLength(10);
  });

  it("limit=0 answers an empty chunk with end = from while events exist", async () => {
    const roomId = await newRoom();
    const res = await messages(alice.token, roomId, { dir: "b", limit: 0, from: "t99-99" });
    expect(res.body).toEqual({ chunk: [], start: "t99-99", end: "t99-99" });
  });

  it("ends with an end on the last page, then an empty chunk without end (item 17)", async () => {
    const roomId = await newRoom();
    const first = await messages(alice.token, roomId, { dir: "b", limit: 20 });
    expect(chunkOf(first)).toHaveLength(5);
    expect(first.body.end).toEqual(expect.any(String));
    const next = await messages(alice.token, roomId, { dir: "b", limit: 20, from: String(first.body.end) });
    expect(next.body).toEqual({ chunk: [], start: first.body.end });
  });

  it("bounds inclusively/exclusively per direction and honours `to`", async () => {
    const roomId = await newRoom();
    const [m1, m2, m3, m4] = await fx.persist(roomId, [1, 2, 3, 4].map((i) => ({ type: "m.room.message", sender: alice.userId, content: { body: `m${i}` } })));
    if (!m1 || !m2 || !m3 || !m4) throw new Error("setup");
    expect(ids(await messages(alice.token, roomId, { dir: "b", from: tokenOf(m3), limit: 2 }))).toEqual([m3.eventId, m2.eventId]);
    expect(ids(await messages(alice.token, roomId, { dir: "f", from: tokenOf(m1), limit: 2 }))).toEqual([m2.eventId, m3.eventId]);
    const back = await messages(alice.token, roomId, { dir: "b", from: tokenOf(m4), to: tokenOf(m1) });
    expect(ids(back)).toEqual([m4.eventId, m3.eventId, m2.eventId]);
    const fwd = await messages(alice.token, roomId, { dir: "f", from: tokenOf(m1), to: tokenOf(m3) });
    expect(ids(fwd)).toEqual([m2.eventId, m3.eventId]);
    // `to` on the wrong side of `from`: nothing, and no end.
    expect((await messages(alice.token, roomId, { dir: "f", from: tokenOf(m3), to: tokenOf(m1) })).body).toEqual({ chunk: [], start: tokenOf(m3) });
    // end tokens: backwards t{d}-{s-1}, forwards t{d}-{s}
    expect((await messages(alice.token, roomId, { dir: "b", from: tokenOf(m4), limit: 1 })).body.end).toBe(`t${m4.depth}-${m4.streamOrdering - 1}`);
    expect((await messages(alice.token, roomId, { dir: "f", from: tokenOf(m1), limit: 1 })).body.end).toBe(tokenOf(m2));
  });

  it("default from: dir=b starts at the room's newest event, start is the bare key", async () => {
    const roomId = await newRoom();
    const m = await fx.send(roomId, alice.userId, "latest");
    const res = await messages(alice.token, roomId, { dir: "b", limit: 1 });
    expect(ids(res)).toEqual([m.eventId]);
    expect(String(res.body.start)).toMatch(new RegExp(`^t${m.depth}-\\d+$`));
  });

  it("keeps tokens valid after new events arrive", async () => {
    const roomId = await newRoom();
    const [a, b] = await fx.persist(roomId, [1, 2].map((i) => ({ type: "m.room.message", sender: alice.userId, content: { body: `${i}` } })));
    const page = await messages(alice.token, roomId, { dir: "b", limit: 1 });
    await fx.send(roomId, alice.userId, "newer");
    const again = await messages(alice.token, roomId, { dir: "b", limit: 1, from: String(page.body.end) });
    expect(ids(again)).toEqual([a?.eventId]);
    expect(ids(page)).toEqual([b?.eventId]);
  });
});

describe("/messages: purge and rejected events (items 3, 5)", () => {
  it("stays consistent when history is purged under a token (item 3; purge simulated as §4.4)", async () => {
    const roomId = await newRoom();
    const [m1, m2] = await fx.persist(roomId, [1, 2, 3].map((i) => ({ type: "m.room.message", sender: alice.userId, content: { body: `m${i}` } })));
    if (!m1 || !m2) throw new Error("setup");
    const filter = JSON.stringify({ types: ["m.room.message"] });
    for (const [p, token] of [[path(roomId), alice.token], [adminPath(roomId), admin.token]] as const) {
      expect(ids(await api.get(p, { token, query: { from: tokenOf(m2), dir: "b", filter } }))).toEqual([m2.eventId, m1.eventId]);
    }
    await fx.simulatePurge(roomId, m2.depth);
    for (const [p, token] of [[path(roomId), alice.token], [adminPath(roomId), admin.token]] as const) {
      expect(ids(await api.get(p, { token, query: { from: tokenOf(m2), dir: "b", filter } }))).toEqual([m2.eventId]);
      const fromT1 = await api.get(p, { token, query: { from: tokenOf(m1), dir: "b", filter } });
      expect(fromT1.status).toBe(200);
      expect(chunkOf(fromT1)).toEqual([]);
    }
  });

  it("skips rejected events but keeps counting them and paging on (item 5)", async () => {
    const roomId = await newRoom();
    const e = await fx.send(roomId, alice.userId, "early");
    await fx.persist(roomId, [1, 2, 3].map((i) => ({ type: "m.room.message", sender: alice.userId, content: { body: `bad${i}` }, rejectionReason: "auth" })));
    const l = await fx.send(roomId, alice.userId, "latest");
    const first = await messages(alice.token, roomId, { dir: "b", limit: 2 });
    expect(ids(first)).toEqual([l.eventId]);
    expect(first.body.end).toEqual(expect.any(String));
    let from = String(first.body.end);
    let found = false;
    for (let i = 0; i < 2 && !found; i++) {
      const page = await messages(alice.token, roomId, { dir: "b", limit: 2, from });
      expect(page.body.end).toEqual(expect.any(String));
      found = ids(page).includes(e.eventId);
      from = String(page.body.end);
    }
    expect(found).toBe(true);
    // An all-rejected page still has an end.
    const middle = await messages(alice.token, roomId, { dir: "b", limit: 3, from: `t${l.depth - 1}-${l.streamOrdering - 1}` });
    expect(chunkOf(middle)).toEqual([]);
    expect(middle.body.end).toEqual(expect.any(String));
  });
});

describe("/messages: access (items 9, 15 first half)", () => {
  it("admin API reads any room without membership (item 9)", async () => {
    const roomId = await newRoom();
    const m = await fx.send(roomId, alice.userId, "M");
    const back = await api.get(adminPath(roomId), { token: admin.token, query: { dir: "b" } });
    expect(chunkOf(back)).toHaveLength(6);
    expect(chunkOf(back)[0]?.event_id).toBe(m.eventId);
    const fwd = await api.get(adminPath(roomId), { token: admin.token, query: { dir: "f" } });
    expect(chunkOf(fwd)).toHaveLength(6);
    expect(chunkOf(fwd)[5]?.event_id).toBe(m.eventId);
    expect(chunkOf(fwd)[5]?.unsigned.membership).toBeUndefined();
  });

  it("admin API: unknown room → 200 without end; negatives", async () => {
    const unknown = await api.get(adminPath("!nope:test"), { token: admin.token, query: { dir: "b" } });
    expect(unknown).toEqual({ status: 200, body: { chunk: [], start: expect.any(String) } });
    expect(await api.get(adminPath("!nope:test"))).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(adminPath("!nope:test"), { token: "junk" })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    expect(await api.get(adminPath("!nope:test"), { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "You are not a server admin" } });
    expect(await api.get(adminPath("!nope:test"), { token: admin.token, query: { limit: "-2" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(adminPath("!nope:test"), { token: admin.token, query: { filter: "[1]" } })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
  });

  it("client negatives: no token, unknown token, unknown room, non-member", async () => {
    const roomId = await newRoom();
    expect(await api.get(path(roomId))).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(path(roomId), { token: "junk" })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    expect(await messages(alice.token, "!unknown:test", {})).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: "User @alice:test not in room !unknown:test, and room previews are disabled" },
    });
    expect(await messages(outsider.token, roomId, { dir: "b" })).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: `User ${outsider.userId} not in room ${roomId}, and room previews are disabled` },
    });
  });

  it("serves r0 and api/v1 paths too", async () => {
    const roomId = await newRoom();
    for (const prefix of ["r0", "api/v1"]) {
      const res = await api.get(`/_matrix/client/${prefix}/rooms/${encodeURIComponent(roomId)}/messages`, { token: alice.token, query: { dir: "b" } });
      expect(chunkOf(res)).toHaveLength(5);
    }
  });
});
