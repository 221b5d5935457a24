import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "../db/schema";
import { createTestApp } from "../testing/test-app";
import { shutdownRoom } from "./shutdown-room";
import { DEFAULT_MESSAGE, toShutdownParams, parseDeleteRoomBody, type ShutdownProgress } from "./schemas";
import { membershipsOf, seedRoom } from "./testing/seed";

const app = await createTestApp();
const ctx = app.ctx("@admin:test");

const params = (body: Record<string, unknown>) => toShutdownParams(parseDeleteRoomBody(body), "@admin:test");

describe("shutdownRoom", () => {
  it("removes local joined/invited/knocking users, moves joined ones and aliases, sends the notice once", async () => {
    const roomId = await seedRoom(ctx, {
      creator: "@owner:test",
      joined: ["@a:test", "@b:test", "@remote:elsewhere"],
      invited: ["@inv:test"],
      knocking: ["@knock:test"],
      aliases: ["#one:test", "#two:test"],
    });
    const saved: ShutdownProgress[] = [];
    const result = await shutdownRoom(ctx, {
      roomId,
      params: params({ new_room_user_id: "@admin:test", block: true }),
      save: async (_db, p) => void saved.push(p),
      batchSize: 2,
    });
    expect(new Set(result.kicked_users)).toEqual(new Set(["@owner:test", "@a:test", "@b:test", "@inv:test", "@knock:test"]));
    expect(result.failed_to_kick_users).toEqual([]);
    expect(result.local_aliases).toEqual(["#one:test", "#two:test"]);
    const old = await membershipsOf(ctx, roomId);
    expect(old.get("@remote:elsewhere")).toBe("join");
    for (const u of result.kicked_users) expect(old.get(u)).toBe("leave");
    const fresh = await membershipsOf(ctx, result.new_room_id ?? "");
    expect([...fresh.entries()].filter(([, m]) => m === "join").map(([u]) => u).sort()).toEqual(["@a:test", "@admin:test", "@b:test", "@owner:test"]);
    const forgotten = await ctx.db.select().from(t.roomMemberships).where(eq(t.roomMemberships.roomId, roomId));
    expect(forgotten.filter((r) => r.isLocal && !r.forgotten)).toEqual([]);
    const aliases = await ctx.db.select().from(t.roomAliases);
    expect(aliases.every((a) => a.roomId === result.new_room_id && a.creator === "@admin:test")).toBe(true);
    const notices = await ctx.db.select().from(t.events).where(eq(t.events.type, "m.room.message"));
    expect(notices.map((e) => e.content.body)).toEqual([DEFAULT_MESSAGE]);
    expect(saved.length).toBeGreaterThanOrEqual(5);
    expect(await ctx.db.select().from(t.blockedRooms).where(eq(t.blockedRooms.roomId, roomId))).toHaveLength(1);

    // A resumed run with the final progress repeats nothing.
    const again = await shutdownRoom(ctx, { roomId, params: params({ new_room_user_id: "@admin:test" }), progress: result });
    expect(again.kicked_users).toEqual(result.kicked_users);
    const after = await ctx.db.select().from(t.events).where(eq(t.events.roomId, result.new_room_id ?? ""));
    expect(after.filter((e) => e.type === "m.room.message")).toHaveLength(1);
  });

  it("a user whose leave fails goes to failed_to_kick_users; the others in the batch are still removed", async () => {
    await ctx.db.execute(sql.raw(`
      create function shutdown_test_fail() returns trigger language plpgsql as $$
      begin
        if new.user_id = '@bad:test' and new.membership = 'leave' then raise exception 'refused for the test'; end if;
        return new;
      end $$;
      create trigger shutdown_test_fail before insert on room_memberships for each row execute function shutdown_test_fail();`));
    try {
      const roomId = await seedRoom(ctx, { creator: "@owner2:test", joined: ["@x:test", "@bad:test", "@y:test"] });
      const result = await shutdownRoom(ctx, { roomId, params: params({ purge: false }), batchSize: 10 });
      expect(result.kicked_users).toEqual(["@owner2:test", "@x:test", "@y:test"]);
      expect(result.failed_to_kick_users).toEqual(["@bad:test"]);
      expect((await membershipsOf(ctx, roomId)).get("@bad:test")).toBe("join");
    } finally {
      await ctx.db.execute(sql.raw("drop trigger shutdown_test_fail on room_memberships; drop function shutdown_test_fail();"));
    }
  });
});
