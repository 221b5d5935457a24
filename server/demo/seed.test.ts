import { describe, expect, it } from "vitest";
import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import { createTestApp } from "../testing/test-app";
import * as t from "../db/schema";
import { loginWithPassword } from "../auth";
import { isEmptyDatabase, seedDemo, type SeedResult } from "./seed";
import { DEMO_ROOMS } from "./rooms";

const app = await createTestApp();
const ctx = app.ctx("system:seed");
const db = app.conn.db;

describe("seedDemo", () => {
  let first: SeedResult;

  it("starts from an empty database and creates the console users with working passwords", async () => {
    expect(await isEmptyDatabase(ctx)).toBe(true);
    first = await seedDemo(ctx, { scale: 0.01, batchSize: 500 });
    expect(await isEmptyDatabase(ctx)).toBe(false);
    expect(first.credentials.map((c) => [c.userId, c.role])).toEqual([
      ["@admin:test", "admin"],
      ["@moderator:test", "moderator"],
      ["@operator:test", "operator"],
    ]);
    expect(first.admin?.userId).toBe("@admin:test");
    for (const c of first.credentials) {
      const session = await loginWithPassword(ctx, { user: c.userId, password: c.password });
      expect(session.userId).toBe(c.userId);
    }
    const [admin] = await db.select().from(t.users).where(eq(t.users.userId, "@admin:test"));
    expect(admin?.admin).toBe(true);
    const [moderator] = await db.select().from(t.users).where(eq(t.users.userId, "@moderator:test"));
    expect(moderator?.admin).toBe(false);
    expect(moderator?.consoleRole).toBe("moderator");
  });

  it("creates every demo room, the big one biggest, with counts that match the events stored", async () => {
    const rooms = await db.select().from(t.rooms);
    expect(rooms).toHaveLength(DEMO_ROOMS.length);
    const [stored] = await db.select({ n: sql<number>`count(*)::int` }).from(t.events);
    expect(rooms.reduce((sum, r) => sum + r.eventCount, 0)).toBe(stored?.n);
    expect(first.events).toBe(stored?.n);
    const biggest = [...rooms].sort((a, b) => b.eventCount - a.eventCount)[0];
    const [name] = await db.execute<{ name: string }>(sql`select e.content->>'name' as name from current_state cs join events e using (event_id) where cs.room_id = ${biggest?.roomId ?? ""} and cs.type = 'm.room.name'`);
    expect(name?.name).toBe("Town Square");
    expect(biggest?.eventCount).toBeGreaterThanOrEqual(1990);
  });

  it("uses all four history visibilities, a retention policy and bound aliases", async () => {
    const visibilities = await db.execute<{ v: string }>(sql`select distinct e.content->>'history_visibility' as v from current_state cs join events e using (event_id) where cs.type = 'm.room.history_visibility' order by 1`);
    expect(visibilities.map((r) => r.v)).toEqual(["invited", "joined", "shared", "world_readable"]);
    const retention = await db.select().from(t.roomRetention);
    expect(retention).toHaveLength(1);
    expect(retention[0]?.maxLifetime).toBe(30 * 86_400_000);
    const aliases = await db.select().from(t.roomAliases);
    expect(aliases.map((a) => a.alias)).toContain("#town-square:test");
    const canonical = await db.execute<{ alias: string; room_id: string }>(sql`select e.content->>'alias' as alias, cs.room_id from current_state cs join events e using (event_id) where cs.type = 'm.room.canonical_alias'`);
    expect(canonical.map((c) => `${c.alias} ${c.room_id}`).sort()).toEqual(aliases.map((a) => `${a.alias} ${a.roomId}`).sort());
  });

  it("has local and remote senders, joins, leaves, kicks and bans", async () => {
    const remote = await db.select({ n: sql<number>`count(*)::int` }).from(t.events).where(eq(t.events.isLocal, false));
    const local = await db.select({ n: sql<number>`count(*)::int` }).from(t.events).where(eq(t.events.isLocal, true));
    expect(remote[0]?.n).toBeGreaterThan(100);
    expect(local[0]?.n).toBeGreaterThan(100);
    const remoteJoins = await db.select().from(t.roomMemberships).where(and(eq(t.roomMemberships.membership, "join"), eq(t.roomMemberships.isLocal, false)));
    expect(remoteJoins.length).toBeGreaterThan(50);
    expect(remoteJoins.every((m) => m.sender === m.userId)).toBe(true);
    const kicks = await db.select().from(t.roomMemberships).where(and(eq(t.roomMemberships.membership, "leave"), ne(t.roomMemberships.sender, t.roomMemberships.userId)));
    const bans = await db.select().from(t.roomMemberships).where(eq(t.roomMemberships.membership, "ban"));
    const leaves = await db.select().from(t.roomMemberships).where(and(eq(t.roomMemberships.membership, "leave"), eq(t.roomMemberships.sender, t.roomMemberships.userId)));
    expect(kicks.length).toBeGreaterThan(0);
    expect(bans.length).toBeGreaterThan(0);
    expect(leaves.length).toBeGreaterThan(0);
  });

  it("has edits, threads, reactions, redactions, topic and name changes, spread over months", async () => {
    const relations = await db.execute<{ rel_type: string; n: number }>(sql`select rel_type, count(*)::int as n from event_relations group by rel_type`);
    const byType = Object.fromEntries(relations.map((r) => [r.rel_type, r.n]));
    expect(byType["m.replace"]).toBeGreaterThan(0);
    expect(byType["m.thread"]).toBeGreaterThan(0);
    expect(byType["m.annotation"]).toBeGreaterThan(0);
    const redacted = await db.select().from(t.events).where(isNotNull(t.events.redactedBy));
    expect(redacted.length).toBeGreaterThan(0);
    const topics = await db.select().from(t.events).where(eq(t.events.type, "m.room.topic"));
    expect(topics.length).toBeGreaterThan(DEMO_ROOMS.length);
    const [span] = await db.execute<{ days: number }>(sql`select (max(origin_server_ts) - min(origin_server_ts)) / 86400000.0 as days from events`);
    expect(Number(span?.days)).toBeGreaterThan(90);
    const [future] = await db.execute<{ n: number }>(sql`select count(*)::int as n from events where origin_server_ts > ${app.clock.now()}`);
    expect(future?.n).toBe(0);
  });

  it("runs again without failing: keeps the console users, adds rooms and suffixes taken aliases", async () => {
    const second = await seedDemo(ctx, { scale: 0.002, seed: 7 });
    expect(second.credentials).toEqual([]);
    expect(second.admin).toBeNull();
    const rooms = await db.select().from(t.rooms);
    expect(rooms).toHaveLength(DEMO_ROOMS.length * 2);
    const townSquare = await db.select().from(t.roomAliases).where(sql`${t.roomAliases.alias} like '#town-square%'`);
    expect(townSquare).toHaveLength(2);
    expect(townSquare.map((a) => a.alias)).toContain("#town-square:test");
  });
});
