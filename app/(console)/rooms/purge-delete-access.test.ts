// The purge and delete route handlers and server actions check the session and the admin role
// themselves (actions are public POST endpoints): negative cases first, then one success each.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createAccessToken, createUser } from "@/server/auth";
import { createRoom } from "@/server/rooms";
import { persistEvents } from "@/server/events";
import { getTasks } from "@/server/tasks";
import { createTestApp, type TestApp } from "@/server/testing/test-app";

const state = vi.hoisted(() => ({ token: undefined as string | undefined, app: undefined as unknown }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: (name: string) => (state.token ? { name, value: state.token } : undefined) }) }));
vi.mock("@/server/app", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/server/app")>()), getApp: async () => state.app }));

const { GET: purgePreview } = await import("./[roomId]/purge/preview/route");
const { GET: purgeStatus } = await import("./[roomId]/purge/status/route");
const { GET: deletePreview } = await import("./[roomId]/delete/preview/route");
const { GET: deleteStatus } = await import("./[roomId]/delete/status/route");
const { requestPurgeAction } = await import("./[roomId]/purge/actions");
const { requestDeleteAction } = await import("./[roomId]/delete/actions");
const { bulkDeleteRoomsAction } = await import("./actions");

let app: TestApp;
const tokens: Record<string, string> = {};
let roomId = "";
let eventId = "";

beforeAll(async () => {
  app = await createTestApp();
  state.app = app;
  const ctx = app.ctx("system:test");
  for (const role of ["admin", "moderator", "operator"] as const) {
    const userId = `@${role}:test`;
    await createUser(ctx, { userId, consoleRole: role });
    tokens[role] = (await createAccessToken(ctx, { userId })).accessToken;
  }
  ({ roomId } = await createRoom(ctx, { creator: "@owner:test", name: "Guarded" }));
  const stored = await persistEvents(ctx, roomId, [{ type: "m.room.message", sender: "@owner:test", content: { body: "hi" } }]);
  eventId = stored[0]?.eventId ?? "";
});

const as = (role: string | undefined) => {
  state.token = role ? tokens[role] : undefined;
};
const get = async (handler: (r: Request, c: { params: Promise<{ roomId: string }> }) => Promise<Response>, path: string, room = roomId) => {
  const response = await handler(new Request(`http://console.test/rooms/${encodeURIComponent(room)}/${path}`), { params: Promise.resolve({ roomId: encodeURIComponent(room) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("purge and delete route handlers", () => {
  const routes = [
    ["purge preview", purgePreview, () => `purge/preview?event_id=${encodeURIComponent(eventId)}`],
    ["purge status", purgeStatus, () => "purge/status"],
    ["delete preview", deletePreview, () => "delete/preview"],
    ["delete status", deleteStatus, () => "delete/status"],
  ] as const;

  for (const [name, handler, path] of routes) {
    it(`${name}: no session is 401 M_MISSING_TOKEN, moderator and operator are 403 M_FORBIDDEN, admin is 200`, async () => {
      as(undefined);
      expect(await get(handler, path())).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
      for (const role of ["moderator", "operator"]) {
        as(role);
        expect(await get(handler, path())).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
      }
      as("admin");
      expect((await get(handler, path())).status).toBe(200);
    });
  }

  it("purge preview: no cutoff is 400 M_BAD_JSON, a bad flag 400 M_INVALID_PARAM, an unknown event 404 M_NOT_FOUND", async () => {
    as("admin");
    expect(await get(purgePreview, "purge/preview")).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await get(purgePreview, `purge/preview?ts=1&delete_local_events=maybe`)).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await get(purgePreview, "purge/preview?event_id=%24nope")).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await get(purgePreview, "purge/preview?ts=abc")).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
  });

  it("delete preview: bad flags are 400 M_INVALID_PARAM, an illegal room id 400; status of a room without tasks is null", async () => {
    as("admin");
    expect(await get(deletePreview, "delete/preview?block=yes")).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect((await get(deletePreview, "delete/preview", "not-a-room")).status).toBe(400);
    expect(await get(deleteStatus, "delete/status")).toEqual({ status: 200, body: { task: null } });
    expect(await get(purgeStatus, "purge/status?id=")).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });
});

describe("purge and delete server actions", () => {
  const deleteOptions = () => ({ roomId, newRoomUserId: "", roomName: "n", message: "m", block: true, purge: true, forcePurge: true });

  it("refuse no session (M_MISSING_TOKEN) and moderators/operators (M_FORBIDDEN), scheduling nothing", async () => {
    const calls = [
      () => requestPurgeAction({ roomId, eventId, deleteLocalEvents: true }),
      () => requestDeleteAction(deleteOptions()),
      () => bulkDeleteRoomsAction({ roomIds: [roomId], preset: "takedown" }),
    ];
    for (const call of calls) {
      as(undefined);
      expect(await call()).toMatchObject({ ok: false, error: { code: "M_MISSING_TOKEN" } });
      for (const role of ["moderator", "operator"]) {
        as(role);
        expect(await call()).toMatchObject({ ok: false, error: { code: "M_FORBIDDEN" } });
      }
    }
    expect(await getTasks(app.ctx("system:test"), { resourceId: roomId })).toEqual([]);
  });

  it("refuse malformed input with M_INVALID_PARAM and field errors", async () => {
    as("admin");
    const noCutoff = await requestPurgeAction({ roomId, deleteLocalEvents: false });
    expect(noCutoff).toMatchObject({ ok: false, error: { code: "M_INVALID_PARAM", fieldErrors: { eventId: ["Choose an event or a date and time."] } } });
    expect(await requestDeleteAction({ ...deleteOptions(), block: "yes" as unknown as boolean })).toMatchObject({ ok: false, error: { code: "M_INVALID_PARAM" } });
    expect(await bulkDeleteRoomsAction({ roomIds: [], preset: "takedown" })).toMatchObject({ ok: false, error: { code: "M_INVALID_PARAM" } });
    expect(await requestPurgeAction({ roomId, eventId: "$missing", deleteLocalEvents: false })).toMatchObject({ ok: false, error: { code: "M_NOT_FOUND" } });
  });

  it("purge: the action schedules a task that the status route finds from the database (and not under another room)", async () => {
    as("admin");
    const result = await requestPurgeAction({ roomId, eventId, deleteLocalEvents: true });
    expect(result.ok).toBe(true);
    const purgeId = result.ok ? result.data.purgeId : "";
    const status = await get(purgeStatus, "purge/status");
    expect(status.body.task).toMatchObject({ id: purgeId, status: "scheduled", actor: "@admin:test", deleteLocalEvents: true, progress: { phase: "prepare", deleted: 0, total: 0 } });
    expect((await get(purgeStatus, `purge/status?id=${purgeId}`)).body.task).toMatchObject({ id: purgeId });
    const { roomId: elsewhere } = await createRoom(app.ctx("system:test"), { creator: "@owner:test", name: "Elsewhere" });
    expect(await get(purgeStatus, `purge/status?id=${purgeId}`, elsewhere)).toEqual({ status: 200, body: { task: null } });
  });

  it("bulk delete: a room already being deleted is refused in its own entry while the others are scheduled", async () => {
    as("admin");
    const ctx = app.ctx("system:test");
    const { roomId: other } = await createRoom(ctx, { creator: "@owner:test", name: "Other" });
    const first = await requestDeleteAction(deleteOptions());
    expect(first).toMatchObject({ ok: true });
    const bulk = await bulkDeleteRoomsAction({ roomIds: [roomId, other, "not-a-room"], preset: "cleanup" });
    expect(bulk.ok).toBe(true);
    const results = bulk.ok ? bulk.data : [];
    expect(results.map((r) => [r.roomId, r.error?.code ?? "scheduled"])).toEqual([
      [roomId, "M_UNKNOWN"],
      [other, "scheduled"],
      // Synapse's answer for an illegal room id.
      ["not-a-room", "M_UNKNOWN"],
    ]);
    expect(results[0]?.error?.message).toBe(`Purge already in progress for ${roomId}`);
    const status = await get(deleteStatus, "delete/status", other);
    expect(status.body.task).toMatchObject({ roomId: other, status: "scheduled", options: { block: false, purge: true, forcePurge: false, newRoomUserId: null } });
  });
});
