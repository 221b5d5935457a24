import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { roomFixture } from "../pagination/testing";
import { listRoomMembers } from "./list-room-members";

const app = await createTestApp();
const ctx = app.ctx("system:test");
const fx = roomFixture(app);
const ALICE = "@alice:test";

describe("listRoomMembers", () => {
  it("lists current members with membership, display name and local/remote, filtered and paged", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    await fx.persist(roomId, [
      { type: "m.room.member", stateKey: "@bob:remote.example", sender: "@bob:remote.example", content: { membership: "join", displayname: "Bob" } },
      { type: "m.room.member", stateKey: "@carol:test", sender: ALICE, content: { membership: "invite" } },
      { type: "m.room.member", stateKey: "@dave:test", sender: "@dave:test", content: { membership: "join" } },
      { type: "m.room.member", stateKey: "@dave:test", sender: "@dave:test", content: { membership: "leave" } },
    ]);
    const all = await listRoomMembers(ctx, { roomId });
    expect(all.members.map((m) => [m.userId, m.membership, m.displayname, m.isLocal])).toEqual([
      [ALICE, "join", null, true],
      ["@bob:remote.example", "join", "Bob", false],
      ["@carol:test", "invite", null, true],
      ["@dave:test", "leave", null, true],
    ]);
    expect(all.total).toBe(4);
    expect(all.counts).toEqual({ join: 2, invite: 1, leave: 1 });
    const joined = await listRoomMembers(ctx, { roomId, membership: "join", limit: 1 });
    expect(joined.members.map((m) => m.userId)).toEqual([ALICE]);
    expect(joined.total).toBe(2);
    const next = await listRoomMembers(ctx, { roomId, membership: "join", limit: 1, offset: 1 });
    expect(next.members.map((m) => m.userId)).toEqual(["@bob:remote.example"]);
    expect((await listRoomMembers(ctx, { roomId, membership: "ban" })).members).toEqual([]);
  });

  it("refuses an unknown room", async () => {
    await expect(listRoomMembers(ctx, { roomId: "!missing:test" })).rejects.toMatchObject({ errcode: "M_NOT_FOUND", status: 404 });
  });
});
