import { describe, expect, it, vi } from "vitest";
import { createTestApp } from "@/server/testing/test-app";
import { roomFixture } from "@/server/pagination/testing";
import type { TimelinePage } from "@/components/rooms/types";
import { actAs, consoleUser, serveTestApp } from "./testing";

vi.mock("next/headers", async () => (await import("./testing")).nextHeadersMock());

const { GET } = await import("./route");

const app = await createTestApp({ retention: { enabled: true } });
serveTestApp(app);
const fx = roomFixture(app);
const ALICE = "@alice:test";
const moderator = await consoleUser(app, "mod", "moderator");
const plain = await consoleUser(app, "plain", null);

const DAY = 86_400_000;
const roomId = await fx.create(ALICE, { preset: "public_chat", name: "Timeline" });
const t0 = app.clock.now() - 30 * DAY;
const drafts = Array.from({ length: 20 }, (_, i) => ({
  type: "m.room.message",
  sender: i % 2 ? ALICE : "@bob:remote.example",
  content: { msgtype: "m.text", body: `day ${i}` },
  originServerTs: t0 + i * DAY,
}));
const messages = await fx.persist(roomId, drafts);
const idOf = (i: number) => messages[i]?.eventId ?? "";

async function get(query: Record<string, string>, room = roomId): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = `http://console.test/rooms/${encodeURIComponent(room)}/timeline?${new URLSearchParams(query)}`;
  const response = await GET(new Request(url), { params: Promise.resolve({ roomId: encodeURIComponent(room) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const page = async (query: Record<string, string>) => {
  const res = await get(query);
  expect(res.status).toBe(200);
  return res.body as unknown as TimelinePage;
};
const bodies = (p: TimelinePage) => p.items.map((i) => String(i.event.content.body ?? i.event.type));

describe("GET /rooms/{roomId}/timeline (console route)", () => {
  it("refuses no session and a user without a console role (401: no console session), an unknown room (404)", async () => {
    actAs(null);
    expect(await get({})).toEqual({ status: 401, body: { errcode: "M_MISSING_TOKEN", error: "You are not logged in." } });
    actAs(plain.token);
    expect(await get({})).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    actAs(moderator.token);
    expect(await get({}, "!missing:test")).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await get({ event: "$missing" })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
  });

  it("refuses malformed input with the Matrix error codes", async () => {
    actAs(moderator.token);
    expect(await get({ filter: "{not json" })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await get({ filter: '{"types":"m.room.message"}' })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await get({ filter: "[1]" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await get({ limit: "0" })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await get({ dir: "x", from: "t1-1" })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await get({ at: "yesterday" })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await get({ event: "no-sigil" })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });

  it("pages from the newest event back to the first", async () => {
    actAs(moderator.token);
    const first = await page({ limit: "8" });
    expect(bodies(first).slice(0, 3)).toEqual(["day 19", "day 18", "day 17"]);
    expect(first.newer).toBeNull();
    let older = first.older;
    const seen = [...bodies(first)];
    while (older) {
      const next = await page({ from: older, dir: "b", limit: "8" });
      seen.push(...bodies(next));
      older = next.older;
    }
    expect(seen.at(-1)).toBe("m.room.create");
    expect(seen.filter((b) => b.startsWith("day "))).toHaveLength(20);
  });

  it("opens an event in context (permalink) and pages newer and older from it", async () => {
    actAs(moderator.token);
    const around = await page({ event: idOf(10), limit: "4" });
    expect(around.anchor).toBe(idOf(10));
    expect(bodies(around)).toEqual(["day 12", "day 11", "day 10", "day 9", "day 8"]);
    const newer = await page({ from: around.newer ?? "", dir: "f", limit: "4" });
    expect(bodies(newer)).toEqual(["day 16", "day 15", "day 14", "day 13"]);
    const older = await page({ from: around.older ?? "", dir: "b", limit: "2" });
    expect(bodies(older)).toEqual(["day 7", "day 6"]);
  });

  it("jumps to a date: the first event at or after it, in context", async () => {
    actAs(moderator.token);
    const at = new Date(t0 + 5 * DAY - 60_000).toISOString().slice(0, 16);
    const jumped = await page({ at, limit: "4" });
    expect(jumped.anchor).toBe(idOf(5));
    // Nothing after the date: the last event before it.
    const late = await page({ at: new Date(app.clock.now() + 2 * DAY).toISOString().slice(0, 10) });
    const anchor = late.items.find((i) => i.event.event_id === late.anchor);
    expect(anchor?.event.origin_server_ts).toBe(app.clock.now());
    expect(late.newer).not.toBeNull();
  });

  it("filters by type, not_types, sender and contains_url", async () => {
    actAs(moderator.token);
    const bySender = await page({ filter: JSON.stringify({ senders: ["@bob:remote.example"] }) });
    expect(bodies(bySender)).toEqual(["day 18", "day 16", "day 14", "day 12", "day 10", "day 8", "day 6", "day 4", "day 2", "day 0"]);
    const byType = await page({ filter: JSON.stringify({ types: ["m.room.create"] }) });
    expect(bodies(byType)).toEqual(["m.room.create"]);
    const notType = await page({ filter: JSON.stringify({ not_types: ["m.room.message"] }) });
    expect(notType.items.every((i) => i.event.type !== "m.room.message")).toBe(true);
    expect((await page({ filter: JSON.stringify({ contains_url: true }) })).items).toEqual([]);
    // A filtered view pages on: two at a time through Bob's ten.
    let p = await page({ filter: JSON.stringify({ senders: ["@bob:remote.example"] }), limit: "2" });
    const all = [...bodies(p)];
    while (p.older) {
      p = await page({ from: p.older, dir: "b", limit: "2", filter: JSON.stringify({ senders: ["@bob:remote.example"] }) });
      all.push(...bodies(p));
    }
    expect(all).toEqual(bodies(bySender));
  });

  it("marks events expired under the room's retention policy and counts reactions", async () => {
    actAs(moderator.token);
    await fx.state(roomId, ALICE, "m.room.retention", { max_lifetime: 20 * DAY });
    await fx.persist(roomId, [{ type: "m.reaction", sender: ALICE, content: { "m.relates_to": { rel_type: "m.annotation", event_id: idOf(19), key: "👍" } } }]);
    const p = await page({ event: idOf(15), limit: "20" });
    const item = (i: number) => p.items.find((x) => x.event.event_id === idOf(i));
    expect(item(5)?.expired).toBe(true);
    expect(item(19)?.expired).toBe(false);
    expect(item(19)?.reactions).toEqual([{ key: "👍", count: 1 }]);
    expect(p.items.find((x) => x.event.type === "m.room.retention")?.expired).toBe(false);
  });
});
