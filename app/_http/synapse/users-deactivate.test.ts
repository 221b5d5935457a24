import { describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit";
import { DEACTIVATE_USER_ACTION } from "@/server/auth";
import { createTestApi } from "../testing";

const api = await createTestApi();
const admin = await api.user("root", { admin: true });
const plain = await api.user("plain");
const USERS = "/_synapse/admin/v2/users";
const deactivate = (userId: string) => `/_synapse/admin/v1/deactivate/${encodeURIComponent(userId)}`;
const whoami = (token: string) => api.get("/_matrix/client/v3/account/whoami", { token });

describe("POST /_synapse/admin/v1/deactivate/{userId}", () => {
  it("deactivates without erasing on an empty body, ends the user's sessions and blocks password login", async () => {
    const victim = await api.user("victim", { password: "pw-victim" });
    expect((await whoami(victim.token)).status).toBe(200);
    expect(await api.post(deactivate(victim.userId), undefined, { token: admin.token })).toMatchObject({ status: 200, body: { id_server_unbind_result: "no-support" } });
    expect((await api.get(`${USERS}/${victim.userId}`, { token: admin.token })).body).toMatchObject({ deactivated: true, erased: false });
    expect(await whoami(victim.token)).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    const login = await api.post("/_matrix/client/v3/login", { type: "m.login.password", user: "victim", password: "pw-victim" });
    expect(login.status).toBe(403);
  });

  it("erase: true marks the user erased (GET user), is audited, survives a later plain deactivation and ends with re-activation", async () => {
    const gone = await api.user("gone");
    const before = await api.get(`${USERS}/${gone.userId}`, { token: admin.token });
    expect(before.body).toMatchObject({ deactivated: false, erased: false });
    expect(await api.post(deactivate(gone.userId), { erase: true }, { token: admin.token })).toMatchObject({ status: 200, body: { id_server_unbind_result: "no-support" } });
    expect((await api.get(`${USERS}/${gone.userId}`, { token: admin.token })).body).toMatchObject({ deactivated: true, erased: true });
    const { entries } = await listAudit(api.app.ctx("system:test"), { action: DEACTIVATE_USER_ACTION });
    expect(entries.find((e) => e.target === gone.userId)).toMatchObject({ actor: admin.userId, params: { erase: true }, status: "ok" });
    // Deactivating again without erase does not un-erase (Synapse only marks, never unmarks, here).
    expect((await api.post(deactivate(gone.userId), { erase: false }, { token: admin.token })).status).toBe(200);
    expect((await api.get(`${USERS}/${gone.userId}`, { token: admin.token })).body).toMatchObject({ erased: true });
    // Re-activation clears the erasure (Synapse's activate_account → mark_user_not_erased).
    const back = await api.put(`${USERS}/${gone.userId}`, { deactivated: false, password: "back-again" }, { token: admin.token });
    expect(back).toMatchObject({ status: 200, body: { deactivated: false, erased: false } });
  });

  it("PUT /v2/users deactivated: true goes through the same path: sessions end, not erased", async () => {
    const other = await api.user("other");
    expect((await api.put(`${USERS}/${other.userId}`, { deactivated: true }, { token: admin.token })).body).toMatchObject({ deactivated: true, erased: false });
    expect((await whoami(other.token)).status).toBe(401);
  });

  it("lists erased users with erased: true", async () => {
    const listed = await api.post(deactivate("@listed:test"), { erase: true }, { token: admin.token });
    expect(listed.status).toBe(404); // not created yet
    const user = await api.user("listed");
    await api.post(deactivate(user.userId), { erase: true }, { token: admin.token });
    const all = await api.get(USERS, { token: admin.token, query: { deactivated: "true", user_id: "listed" } });
    expect(all.body.users).toEqual([expect.objectContaining({ name: user.userId, erased: true })]);
  });

  it("answers negative cases with Synapse's statuses and errcodes", async () => {
    const target = await api.user("target");
    const path = deactivate(target.userId);
    expect(await api.post(path, { erase: true })).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.post(path, { erase: true }, { token: plain.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "You are not a server admin" } });
    expect(await api.post(deactivate("@nobody:test"), {}, { token: admin.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "User not found" } });
    expect(await api.post(deactivate("@someone:elsewhere"), {}, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "Can only deactivate local users" } });
    expect(await api.post(deactivate("garbage"), {}, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.post(path, { erase: "False" }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "Param 'erase' must be a boolean, if given" } });
    expect(await api.post(path, "{nope", { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await api.post(path, [true], { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    // None of those touched the target.
    expect((await api.get(`${USERS}/${target.userId}`, { token: admin.token })).body).toMatchObject({ deactivated: false, erased: false });
    expect((await whoami(target.token)).status).toBe(200);
  });
});
