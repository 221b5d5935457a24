import { describe, expect, it } from "vitest";
import { listAudit } from "../audit";
import { persistEvents } from "../events/persist-events";
import { createRoom, getCurrentStateEvent } from "../rooms";
import { createTestApp } from "../testing/test-app";
import { describeRoomRetention } from "./describe-room-retention";
import { setRoomPolicySchema, setRoomRetentionPolicy } from "./set-room-policy";
import { DAY } from "./test-helpers";

const app = await createTestApp({ retention: { enabled: true, allowed_lifetime_max: "30d" } });
const ctx = app.ctx("@operator:test");

describe("setRoomRetentionPolicy (the console's policy editor)", () => {
  it("sends m.room.retention as the room's most powerful local member and audits the console user", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@owner:test" });
    await persistEvents(ctx, roomId, [{ type: "m.room.member", stateKey: "@bob:test", sender: "@bob:test", content: { membership: "join" } }]);
    const { eventId, sender } = await setRoomRetentionPolicy(ctx, { roomId, minLifetime: DAY, maxLifetime: 60 * DAY });
    expect(sender).toBe("@owner:test");
    const event = await getCurrentStateEvent(ctx, roomId, "m.room.retention");
    expect(event).toMatchObject({ eventId, sender: "@owner:test", content: { min_lifetime: DAY, max_lifetime: 60 * DAY } });
    const [room] = await describeRoomRetention(ctx, [roomId]);
    expect(room).toMatchObject({ effective: { minLifetime: DAY, maxLifetime: 60 * DAY }, purgeMaxLifetime: 30 * DAY, clamped: true });
    const { entries } = await listAudit(ctx, { roomId });
    expect(entries).toMatchObject([{ actor: "@operator:test", action: "retention_policy_change", target: eventId, status: "ok", params: { sent_as: "@owner:test", max_lifetime: 60 * DAY } }]);
  });

  it("clears the policy with an empty content (the room falls back to the default)", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@owner:test" });
    await setRoomRetentionPolicy(ctx, { roomId, minLifetime: null, maxLifetime: DAY });
    await setRoomRetentionPolicy(ctx, { roomId, minLifetime: null, maxLifetime: null });
    expect((await getCurrentStateEvent(ctx, roomId, "m.room.retention"))?.content).toEqual({});
    const [room] = await describeRoomRetention(ctx, [roomId]);
    expect(room?.room).toBeNull();
  });

  it("refuses unknown rooms and rooms without a local member allowed to send it", async () => {
    await expect(setRoomRetentionPolicy(ctx, { roomId: "!nosuch:test", minLifetime: null, maxLifetime: DAY })).rejects.toMatchObject({ errcode: "M_NOT_FOUND" });
    const { roomId } = await createRoom(ctx, { creator: "@gone:remote.example" });
    await expect(setRoomRetentionPolicy(ctx, { roomId, minLifetime: null, maxLifetime: DAY })).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
    expect((await listAudit(ctx, { roomId })).entries).toEqual([]);
  });

  it("validates input: integers, non-negative, min not above max, a room id", () => {
    const ok = { roomId: "!a:test", minLifetime: 1, maxLifetime: 2 };
    expect(setRoomPolicySchema.safeParse(ok).success).toBe(true);
    expect(setRoomPolicySchema.safeParse({ ...ok, minLifetime: 3 }).success).toBe(false);
    expect(setRoomPolicySchema.safeParse({ ...ok, maxLifetime: 1.5 }).success).toBe(false);
    expect(setRoomPolicySchema.safeParse({ ...ok, maxLifetime: -1 }).success).toBe(false);
    expect(setRoomPolicySchema.safeParse({ ...ok, roomId: "nope" }).success).toBe(false);
  });
});
