import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "../db/schema";
import { persistEvents } from "../events/persist-events";
import { createTestApp } from "../testing/test-app";
import { getRetentionPolicies, isExpired } from "./policy";
import { recordRetentionPolicyChange } from "./record-policy-change";
import { DAY, roomWithPolicy, setPolicy, withConfig } from "./test-helpers";

const app = await createTestApp({ retention: { enabled: true, default_policy: { min_lifetime: "1d", max_lifetime: "3d" } } });
const ctx = app.ctx("@alice:test");
const alice = "@alice:test";

async function rowsOf(roomId: string) {
  return app.conn.db.select().from(t.roomRetention).where(eq(t.roomRetention.roomId, roomId));
}

describe("m.room.retention storage (§8.1)", () => {
  it.each([
    [{ max_lifetime: DAY }, { minLifetime: null, maxLifetime: DAY }],
    [{ min_lifetime: DAY }, { minLifetime: DAY, maxLifetime: null }],
    [{ min_lifetime: 1, max_lifetime: 2 }, { minLifetime: 1, maxLifetime: 2 }],
  ])("stores %j", async (content, stored) => {
    const roomId = await roomWithPolicy(ctx, alice, content);
    expect(await rowsOf(roomId)).toMatchObject([stored]);
  });

  it.each([[{}], [{ max_lifetime: "1d" }], [{ min_lifetime: 1, max_lifetime: 1.5 }], [{ max_lifetime: null }], [{ max_lifetime: 1e300 }], [{ other: 1 }]])(
    "stores nothing for %j (the room falls back to the default)",
    async (content) => {
      const roomId = await roomWithPolicy(ctx, alice, content);
      expect(await rowsOf(roomId)).toEqual([]);
      expect((await getRetentionPolicies(ctx, [roomId])).get(roomId)).toEqual({ minLifetime: DAY, maxLifetime: 3 * DAY });
    },
  );

  it("ignores a non-state m.room.retention event", async () => {
    const roomId = await roomWithPolicy(ctx, alice, null);
    await persistEvents(ctx, roomId, [{ type: "m.room.retention", sender: alice, content: { max_lifetime: DAY } }]);
    expect(await rowsOf(roomId)).toEqual([]);
  });
});

describe("getRetentionPolicies and isExpired (§8.3, §2.9)", () => {
  it("answers many rooms in one query: the current policy, each missing field from the default", async () => {
    const a = await roomWithPolicy(ctx, alice, { max_lifetime: DAY });
    await setPolicy(ctx, a, alice, { min_lifetime: 2 * DAY });
    const b = await roomWithPolicy(ctx, alice, { max_lifetime: 5 * DAY });
    const c = await roomWithPolicy(ctx, alice, null);
    const policies = await getRetentionPolicies(ctx, [a, b, c]);
    expect(policies.get(a)).toEqual({ minLifetime: 2 * DAY, maxLifetime: 3 * DAY });
    expect(policies.get(b)).toEqual({ minLifetime: DAY, maxLifetime: 5 * DAY });
    expect(policies.get(c)).toEqual({ minLifetime: DAY, maxLifetime: 3 * DAY });
    const disabled = await getRetentionPolicies(withConfig(ctx, { retention: { enabled: false } }), [a, b]);
    expect([...disabled.values()]).toEqual([
      { minLifetime: null, maxLifetime: null },
      { minLifetime: null, maxLifetime: null },
    ]);
  });

  it("hides only non-state events older than now - max_lifetime, never clamped", () => {
    const now = 10 * DAY;
    const policy = { minLifetime: null, maxLifetime: DAY };
    expect(isExpired({ stateKey: null, originServerTs: now - DAY - 1 }, policy, now)).toBe(true);
    expect(isExpired({ stateKey: null, originServerTs: now - DAY }, policy, now)).toBe(false);
    expect(isExpired({ stateKey: "", originServerTs: 0 }, policy, now)).toBe(false);
    expect(isExpired({ stateKey: null, originServerTs: 0 }, { minLifetime: null, maxLifetime: null }, now)).toBe(false);
  });
});

describe("recordRetentionPolicyChange", () => {
  it("writes an audit entry by the sender with the content and what was stored", async () => {
    const roomId = await roomWithPolicy(ctx, alice, null);
    const eventId = await setPolicy(ctx, roomId, alice, { max_lifetime: DAY });
    const id = await recordRetentionPolicyChange(ctx, { roomId, eventId, content: { max_lifetime: DAY } });
    const [entry] = await app.conn.db.select().from(t.auditLog).where(eq(t.auditLog.id, id));
    expect(entry).toMatchObject({
      actor: alice,
      action: "retention_policy_change",
      roomId,
      target: eventId,
      status: "ok",
      params: { content: { max_lifetime: DAY }, stored: { min_lifetime: null, max_lifetime: DAY } },
    });
    const empty = await recordRetentionPolicyChange(ctx, { roomId, eventId, content: {} });
    const [fallback] = await app.conn.db.select().from(t.auditLog).where(eq(t.auditLog.id, empty));
    expect(fallback?.params).toEqual({ content: {}, stored: null });
  });
});
