import { beforeAll, describe, expect, it } from "vitest";
import { seedRoom } from "@/server/shutdown/testing/seed";
import { createTestApi } from "../testing";

// GET /_scrollback/v1/rooms/{roomId}/delete_preview: what a delete would do, read-only.
const api = await createTestApi();
const ctx = api.app.ctx("system:test");
let admin: { userId: string; token: string };
let user: { userId: string; token: string };

beforeAll(async () => {
  admin = await api.user("admin", { admin: true });
  user = await api.user("user");
});

const preview = (roomId: string, query: Record<string, string> = {}, token = admin.token) =>
  api.get(`/_scrollback/v1/rooms/${encodeURIComponent(roomId)}/delete_preview`, { token, query });

describe("delete preview", () => {
  it("negative cases: no token 401, not admin 403, illegal room id 400, bad boolean 400", async () => {
    expect((await api.get("/_scrollback/v1/rooms/!a:test/delete_preview")).body.errcode).toBe("M_MISSING_TOKEN");
    const notAdmin = await preview("!a:test", {}, user.token);
    expect([notAdmin.status, notAdmin.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    const illegal = await preview("invalidroom");
    expect(illegal.body).toEqual({ errcode: "M_UNKNOWN", error: "invalidroom is not a legal room ID" });
    const bad = await preview("!a:test", { block: "yes" });
    expect([bad.status, bad.body.errcode]).toEqual([400, "M_INVALID_PARAM"]);
  });

  it("an unknown room: nothing to remove, would be blocked when asked", async () => {
    const res = await preview("!unknown:test", { block: "true" });
    expect(res.body).toMatchObject({
      room_exists: false,
      local_members: { join: [], invite: [], knock: [] },
      moved_to_notice_room: [],
      blocked: { now: false, after: true },
      delete_in_progress: null,
    });
  });

  it("lists members by membership, aliases that would move, purge counts, and changes nothing", async () => {
    const roomId = await seedRoom(ctx, {
      creator: "@owner:test",
      joined: ["@a:test", "@far:remote.example"],
      invited: ["@inv:test"],
      knocking: ["@kn:test"],
      aliases: ["#p:test"],
      messages: 7,
    });
    const withNotice = await preview(roomId, { new_room_user_id: admin.userId, block: "true" });
    expect(withNotice.status).toBe(200);
    const body = withNotice.body as Record<string, unknown> & { purge: { events: number; rows: Record<string, number> } };
    expect(body.local_members).toEqual({ join: ["@owner:test", "@a:test"], invite: ["@inv:test"], knock: ["@kn:test"] });
    expect(body.moved_to_notice_room).toEqual(["@owner:test", "@a:test"]);
    expect(body.remote_members).toBe(1);
    expect(body.local_aliases).toEqual(["#p:test"]);
    expect(body.aliases_action).toBe("move");
    expect(body.blocked).toEqual({ now: false, after: true });
    // createRoom's 6 events + 4 memberships + 7 messages.
    expect(body.purge.events).toBe(17);
    expect(body.purge.rows.room_aliases).toBe(1);
    expect(body.purge.rows.rooms).toBe(1);
    expect(body.purge.rows.blocked_rooms).toBeUndefined();
    const noPurge = await preview(roomId, { purge: "false" });
    expect(noPurge.body).toMatchObject({ purge: null, aliases_action: "keep", moved_to_notice_room: [] });
    expect((await preview(roomId)).body.aliases_action).toBe("delete");
    // Read-only: the room is untouched and a real delete then does what the preview said.
    const deleted = await api.del(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}`, { new_room_user_id: admin.userId }, { token: admin.token });
    expect(new Set(deleted.body.kicked_users as string[])).toEqual(new Set(["@owner:test", "@a:test", "@inv:test", "@kn:test"]));
    expect(deleted.body.local_aliases).toEqual(["#p:test"]);
  });
});
