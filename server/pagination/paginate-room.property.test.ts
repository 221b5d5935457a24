import { describe, expect, it } from "vitest";
import type { EventDraft, StoredEvent } from "../events";
import { createTestApp } from "../testing/test-app";
import { paginateRoom } from "./paginate-room";
import type { RoomEventFilter } from "./schemas";
import { roomFixture } from "./testing";

// Property test: a 5,000-event room with random messages, state, membership churn, visibility
// changes, redactions, rejected and soft-failed events, paged both ways, must return exactly the
// events an independent in-memory model says each viewer may see, once each, in order.

const app = await createTestApp();
const fx = roomFixture(app);
const ctx = app.ctx("system:test");

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALICE = "@alice:test";
const USERS = ["@u1:test", "@u2:test", "@u3:test", "@u4:test", "@r1:remote", "@r2:remote"];
const PEEKER = "@never:test";
const HVS = ["world_readable", "shared", "invited", "joined"];
const MEMBERSHIPS = ["join", "join", "leave", "invite", "ban", "knock"];

function generate(random: () => number, count: number, redactable: () => string[]): EventDraft[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const drafts: EventDraft[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const sender = pick([ALICE, ...USERS]);
    if (r < 0.12) drafts.push({ type: "m.room.member", stateKey: pick(USERS), sender: ALICE, content: { membership: pick(MEMBERSHIPS) } });
    else if (r < 0.16) drafts.push({ type: "m.room.history_visibility", stateKey: "", sender: ALICE, content: { history_visibility: pick(HVS) } });
    else if (r < 0.2) drafts.push({ type: "m.room.topic", stateKey: "", sender, content: { topic: `t${i}` } });
    else if (r < 0.24 && redactable().length > 0) drafts.push({ type: "m.room.redaction", sender: ALICE, content: { redacts: pick(redactable()) } });
    else if (r < 0.26) drafts.push({ type: "m.room.message", sender, content: { body: `rejected ${i}` }, rejectionReason: "auth" });
    else if (r < 0.27) drafts.push({ type: "m.room.message", sender, content: { body: `soft ${i}` }, softFailed: true });
    else if (r < 0.35) drafts.push({ type: "x.custom", sender, content: { n: i } });
    else drafts.push({ type: "m.room.message", sender, content: random() < 0.2 ? { body: `file ${i}`, url: "mxc://a/b" } : { body: `m${i}` } });
  }
  return drafts;
}

// ---- the independent model (synapse-behaviour.md §2.3, §2.7, §2.8; decisions.md) ----

interface Snapshot {
  event: StoredEvent;
  hv: string;
  members: Map<string, string>;
  prevMembership: string | null;
  prevHv: string | null;
}

function replay(events: StoredEvent[]): Snapshot[] {
  let hv = "shared";
  const members = new Map<string, string>();
  return events.map((event) => {
    let prevMembership: string | null = null;
    let prevHv: string | null = null;
    if (event.rejectionReason === null && event.type === "m.room.member" && event.stateKey !== null) {
      prevMembership = members.get(event.stateKey) ?? null;
      members.set(event.stateKey, String(event.content.membership));
    }
    if (event.rejectionReason === null && event.type === "m.room.history_visibility") {
      prevHv = hv;
      hv = String(event.content.history_visibility);
    }
    return { event, hv, members: new Map(members), prevMembership, prevHv };
  });
}

const rank: Record<string, number> = { join: 4, invite: 3, knock: 2, leave: 1, ban: 0 };
const strictness = ["world_readable", "shared", "invited", "joined"];

function modelAllows(s: Snapshot, viewer: string, peeking: boolean): boolean {
  let hv = s.hv;
  if (s.event.type === "m.room.history_visibility" && s.prevHv !== null && strictness.indexOf(s.prevHv) < strictness.indexOf(hv)) hv = s.prevHv;
  if (hv === "world_readable" || (hv === "shared" && !peeking)) return true;
  let membership = s.members.get(viewer) ?? "leave";
  if (s.event.type === "m.room.member" && s.event.stateKey === viewer) {
    const next = String(s.event.content.membership);
    const prev = s.prevMembership ?? "leave";
    if (next === "leave" && (prev === "join" || prev === "invite")) return true;
    membership = (rank[next] ?? 0) >= (rank[prev] ?? 0) ? next : prev;
  }
  if (membership === "join") return true;
  return hv === "invited" && membership === "invite";
}

function glob(value: string, pattern: string): boolean {
  if (!pattern.includes("*")) return value === pattern;
  const [head = "", ...rest] = pattern.split("*");
  return value.startsWith(head) && value.endsWith(rest[rest.length - 1] ?? "");
}

function modelFilter(e: StoredEvent, f: RoomEventFilter | null): boolean {
  if (!f) return true;
  if (f.types && !f.types.some((p) => glob(e.type, p))) return false;
  if (f.not_types?.some((p) => glob(e.type, p))) return false;
  if (f.senders && !f.senders.includes(e.sender)) return false;
  if (f.contains_url === false && typeof e.content.url === "string") return false;
  if (f.contains_url === true && typeof e.content.url !== "string") return false;
  return true;
}

/** What the viewer sees, oldest first; null when the viewer may not read the room. */
function expected(snapshots: Snapshot[], viewer: string, filter: RoomEventFilter | null): string[] | null {
  const last = snapshots[snapshots.length - 1];
  if (!last) return [];
  const now = last.members.get(viewer);
  const peeking = now !== "join" && now !== "leave";
  if (peeking && last.hv !== "world_readable") return null;
  let leaveAt = -1;
  if (now === "leave") leaveAt = snapshots.findLastIndex((s) => s.event.type === "m.room.member" && s.event.stateKey === viewer && s.event.rejectionReason === null);
  return snapshots
    .filter((s, i) => leaveAt < 0 || i <= leaveAt)
    .filter((s) => s.event.rejectionReason === null && !s.event.softFailed)
    .filter((s) => modelFilter(s.event, filter) && modelAllows(s, viewer, peeking))
    .map((s) => s.event.eventId);
}

async function sweep(viewer: string, dir: "b" | "f", limit: number, filter: RoomEventFilter | null, onPage?: (n: number) => Promise<void>) {
  const seen: string[] = [];
  let from: string | undefined;
  for (let page = 0; ; page++) {
    const res = await paginateRoom(ctx, { roomId, viewer: { userId: viewer }, dir, limit, from, filter });
    expect(res.chunk.length).toBeLessThanOrEqual(limit);
    seen.push(...res.chunk.map((e) => String(e.event_id)));
    if (res.end === undefined) return seen;
    from = res.end;
    await onPage?.(page);
  }
}

const random = mulberry32(20261125);
const roomId = await fx.create(ALICE, { preset: "public_chat" });
const stored: StoredEvent[] = [];
const redactable = () => stored.filter((e) => e.type === "m.room.message" && e.rejectionReason === null).slice(-50).map((e) => e.eventId);
while (stored.length < 5000) stored.push(...(await fx.persist(roomId, generate(random, 500, redactable))));
// End world-readable, so that never-members peek instead of getting 403.
stored.push(await fx.visibility(roomId, ALICE, "world_readable"));
const all = await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "f", limit: 1000 });
const setup = all.chunk.slice(0, 5).map((e) => String(e.event_id));
const events = [...(await ctx.db.query.events.findMany({ where: (t, { inArray }) => inArray(t.eventId, setup) })), ...stored].sort(
  (a, b) => a.depth - b.depth || a.streamOrdering - b.streamOrdering,
);
const snapshots = replay(events);

describe("paging a 5,000-event room against an in-memory model", () => {
  it("has viewers in every state", () => {
    const states = new Set([ALICE, ...USERS, PEEKER].map((v) => snapshots[snapshots.length - 1]?.members.get(v) ?? "none"));
    expect(states.size).toBeGreaterThanOrEqual(3);
  });

  for (const limit of [1, 7, 100]) {
    it(`returns every visible event exactly once, in order, both ways (limit ${limit})`, async () => {
      // Small limits mean thousands of pages per sweep: every viewer state is covered at limit 100,
      // the always-joined viewer and one with churn at the small limits.
      const viewers = limit === 100 ? [ALICE, ...USERS, PEEKER] : limit === 7 ? [ALICE, "@u1:test"] : [ALICE];
      for (const viewer of viewers) {
        const want = expected(snapshots, viewer, null);
        if (want === null) {
          await expect(sweep(viewer, "b", limit, null)).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
          continue;
        }
        expect(await sweep(viewer, "f", limit, null), `${viewer} f`).toEqual(want);
        expect(await sweep(viewer, "b", limit, null), `${viewer} b`).toEqual([...want].reverse());
      }
    }, 900_000);
  }

  it("agrees with the model under filters", async () => {
    const filters: RoomEventFilter[] = [
      { types: ["m.room.message"] },
      { not_types: ["m.room.member", "x.*"], contains_url: false },
      { senders: ["@u1:test", "@r1:remote"] },
      { types: ["m.room.*"], contains_url: true },
    ];
    for (const filter of filters) {
      for (const viewer of [ALICE, "@u2:test", "@r2:remote", PEEKER]) {
        const want = expected(snapshots, viewer, filter);
        if (want === null) continue;
        expect(await sweep(viewer, "b", 100, filter), `${viewer} ${JSON.stringify(filter)}`).toEqual([...want].reverse());
        expect(await sweep(viewer, "f", 100, filter), `${viewer} ${JSON.stringify(filter)}`).toEqual(want);
      }
    }
  }, 300_000);

  it("keeps tokens valid while new events arrive", async () => {
    const want = expected(snapshots, ALICE, null) ?? [];
    const backwards = await sweep(ALICE, "b", 50, null, async (page) => {
      if (page % 10 === 0) await fx.send(roomId, ALICE, `late ${page}`);
    });
    expect(backwards).toEqual([...want].reverse());
  }, 300_000);
});
