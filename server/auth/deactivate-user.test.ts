import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listAudit } from "../audit";
import { changeMembership, createRoomAsUser, getAccountData, getCurrentMembership, getCurrentStateEvent, putAccountData } from "../rooms";
import { getTask, getTasks } from "../tasks";
import { createTestApp } from "../testing/test-app";
import { DEACTIVATE_USER_ACTION, markDeactivated } from "./deactivate-user";
import { getUser, createUser } from "./users";
import { PART_DEACTIVATED_USER_ACTION, partDeactivatedUserTask, type PartProgress } from "./part-deactivated-user";
import { accountDataRows } from "./testing/inspect";

const app = await createTestApp();
const ctx = app.ctx("@admin:test");
const never = new AbortController().signal;

async function user(localpart: string): Promise<string> {
  const userId = `@${localpart}:test`;
  await createUser(ctx, { userId, password: null, admin: false, consoleRole: null, displayname: `${localpart} name` });
  return userId;
}

/** A public room made by `owner` that `member` joined. */
async function joinedRoom(owner: string, member: string): Promise<string> {
  const { roomId } = await createRoomAsUser(app.ctx(owner), owner, { preset: "public_chat" });
  await changeMembership(app.ctx(member), { roomId, sender: member, target: member, action: "join" });
  return roomId;
}

async function invitedRoom(owner: string, invitee: string): Promise<string> {
  const { roomId } = await createRoomAsUser(app.ctx(owner), owner, { preset: "private_chat" });
  await changeMembership(app.ctx(owner), { roomId, sender: owner, target: invitee, action: "invite" });
  return roomId;
}

/** Runs the scheduled task to its end, as the scheduler would (one call; it loops over batches). */
async function runTask(taskId: string, params?: Record<string, unknown>) {
  const task = await getTask(ctx, taskId);
  if (!task) throw new Error("task missing");
  return partDeactivatedUserTask(app.ctx(task.actor ?? "system:scheduler"), { ...task, params: { ...task.params, ...params } }, never);
}

describe("markDeactivated", () => {
  it("schedules the parting task and audits in one transaction; the task leaves 3 rooms and rejects 1 invite through the write path", async () => {
    const owner = await user("owner1");
    const gone = await user("gone1");
    const joined = [await joinedRoom(owner, gone), await joinedRoom(owner, gone), await joinedRoom(owner, gone)];
    const invited = await invitedRoom(owner, gone);
    const taskId = await markDeactivated(ctx, gone, { erase: false, via: "deactivate" });
    expect(await getTask(ctx, taskId)).toMatchObject({ action: PART_DEACTIVATED_USER_ACTION, status: "scheduled", resourceId: gone, actor: "@admin:test" });
    const { entries } = await listAudit(ctx, { action: DEACTIVATE_USER_ACTION });
    expect(entries.find((e) => e.target === gone)).toMatchObject({ actor: "@admin:test", params: { erase: false, via: "deactivate" }, status: "ok", taskId });
    const outcome = await runTask(taskId);
    expect(outcome).toEqual({ status: "complete", result: { left: 3, rejected: 1, failed: [] } satisfies PartProgress });
    for (const roomId of [...joined, invited]) {
      expect(await getCurrentMembership(ctx, roomId, gone)).toMatchObject({ membership: "leave" });
      const event = await getCurrentStateEvent(ctx, roomId, "m.room.member", gone);
      expect(event).toMatchObject({ sender: gone, stateKey: gone, content: { membership: "leave" } });
    }
    // Left rooms are forgotten too, as Synapse's user parter does; the rejected invite is not.
    for (const roomId of joined) expect(await getCurrentMembership(ctx, roomId, gone)).toMatchObject({ forgotten: true });
    expect(await getCurrentMembership(ctx, invited, gone)).toMatchObject({ forgotten: false });
    expect(await getCurrentMembership(ctx, joined[0] ?? "", owner)).toMatchObject({ membership: "join" });
  });

  it("works in bounded batches and resumes from current state: rooms already left are not counted again", async () => {
    const owner = await user("owner2");
    const gone = await user("gone2");
    const rooms: string[] = [];
    for (let i = 0; i < 5; i++) rooms.push(await joinedRoom(owner, gone));
    const taskId = await markDeactivated(ctx, gone, { erase: false, via: "users_v2" });
    // A crashed earlier run had parted the first room already.
    await changeMembership(app.ctx(gone), { roomId: rooms[0] ?? "", sender: gone, target: gone, action: "leave" });
    expect(await runTask(taskId, { batch_size: 2 })).toEqual({ status: "complete", result: { left: 4, rejected: 0, failed: [] } });
    for (const roomId of rooms) expect(await getCurrentMembership(ctx, roomId, gone)).toMatchObject({ membership: "leave" });
    // Running it again (a second instance taking over) finds nothing left to do.
    expect(await runTask(taskId, { batch_size: 2 })).toMatchObject({ status: "complete" });
  });

  it("stops between batches when cancelled, with its progress so far", async () => {
    const owner = await user("owner3");
    const gone = await user("gone3");
    await joinedRoom(owner, gone);
    const taskId = await markDeactivated(ctx, gone, { erase: false, via: "deactivate" });
    const task = await getTask(ctx, taskId);
    if (!task) throw new Error("task missing");
    const aborted = AbortSignal.abort();
    expect(await partDeactivatedUserTask(ctx, task, aborted)).toEqual({ status: "active", result: { left: 0, rejected: 0, failed: [] } });
  });

  it("erase: marks erased and clears the display name; without erase the name stays", async () => {
    const erased = await user("erased4");
    const kept = await user("kept4");
    await markDeactivated(ctx, erased, { erase: true, via: "deactivate" });
    await markDeactivated(ctx, kept, { erase: false, via: "users_v2" });
    expect(await getUser(ctx, erased)).toMatchObject({ deactivated: true, erased: true, displayname: null, passwordHash: null });
    expect(await getUser(ctx, kept)).toMatchObject({ deactivated: true, erased: false, displayname: "kept4 name" });
    const tasks = await getTasks(ctx, { resourceId: erased });
    expect(tasks.map((t) => t.action)).toEqual([PART_DEACTIVATED_USER_ACTION]);
  });

  it("deletes all the user's account data, global and per room (m.ignored_user_list too), erase or not; others' stays", async () => {
    const owner = await user("owner5");
    const gone = await user("gone5");
    const other = await user("other5");
    const roomId = await joinedRoom(owner, gone);
    const put = (userId: string, room: string, type: string) => putAccountData(app.ctx(userId), { requester: userId, userId, roomId: room, type }, { set: true });
    await put(gone, "", "m.ignored_user_list");
    await put(gone, "", "m.direct");
    await put(gone, roomId, "m.tag");
    await put(other, "", "m.ignored_user_list");
    await put(other, roomId, "m.tag");
    expect(await accountDataRows(ctx, gone)).toHaveLength(3);
    await markDeactivated(ctx, gone, { erase: false, via: "deactivate" });
    expect(await accountDataRows(ctx, gone)).toEqual([]);
    const read = (room: string, type: string) => getAccountData(app.ctx(gone), { requester: gone, userId: gone, roomId: room, type });
    await expect(read("", "m.ignored_user_list")).rejects.toMatchObject({ errcode: "M_NOT_FOUND" });
    await expect(read(roomId, "m.tag")).rejects.toMatchObject({ errcode: "M_NOT_FOUND" });
    expect(await accountDataRows(ctx, other)).toEqual([{ roomId: "", type: "m.ignored_user_list" }, { roomId, type: "m.tag" }]);
    // With erasure too.
    await markDeactivated(ctx, other, { erase: true, via: "users_v2" });
    expect(await accountDataRows(ctx, other)).toEqual([]);
  });

  it("deletes the account data in the deactivation's transaction: a failed deactivation keeps it", async () => {
    const gone = await user("gone6");
    await putAccountData(app.ctx(gone), { requester: gone, userId: gone, roomId: "", type: "m.direct" }, { kept: true });
    // The audit insert, the transaction's last write (after the purge), fails for this user.
    await ctx.db.execute(sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`);
    await ctx.db.execute(sql`create trigger fail_audit before insert on audit_log for each row when (new.target = '@gone6:test') execute function fail_audit()`);
    try {
      await expect(markDeactivated(ctx, gone, { erase: true, via: "deactivate" })).rejects.toMatchObject({ cause: { message: "audit refused" } });
    } finally {
      await ctx.db.execute(sql`drop trigger fail_audit on audit_log`);
      await ctx.db.execute(sql`drop function fail_audit()`);
    }
    expect(await accountDataRows(ctx, gone)).toEqual([{ roomId: "", type: "m.direct" }]);
    expect(await getUser(ctx, gone)).toMatchObject({ deactivated: false, erased: false });
    expect(await getTasks(ctx, { resourceId: gone })).toEqual([]);
  });
});
