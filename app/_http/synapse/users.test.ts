import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";
import { countAccessTokens } from "@/server/auth/testing/inspect";


const SECRET = "s3cret-shared";
const api = await createTestApi({ registration_shared_secret: SECRET });
const admin = await api.user("root", { admin: true });
const plain = await api.user("plain");
const REGISTER = "/_synapse/admin/v1/register";

/** As register_new_matrix_user computes it: HMAC-SHA1 over nonce\0user\0password\0admin|notadmin[\0type]. */
function macOf(nonce: string, user: string, password: string, admin: boolean, userType?: string): string {
  const mac = createHmac("sha1", Buffer.from(SECRET, "utf8"));
  const parts = [nonce, user, password, admin ? "admin" : "notadmin", ...(userType ? [userType] : [])];
  mac.update(Buffer.from(parts.join("\x00"), "utf8"));
  return mac.digest("hex");
}

async function nonce(): Promise<string> {
  const res = await api.get(REGISTER);
  expect(res.status).toBe(200);
  return String(res.body.nonce);
}

describe("shared-secret registration", () => {
  it("registers with a correct HMAC and the new user can log in", async () => {
    const n = await nonce();
    expect(n).toMatch(/^[0-9a-f]{128}$/);
    const res = await api.post(REGISTER, { nonce: n, username: "Bob", password: "pw-bob", admin: true, mac: macOf(n, "Bob", "pw-bob", true) });
    expect(res).toMatchObject({ status: 200, body: { user_id: "@bob:test", home_server: "test" } });
    expect(typeof res.body.access_token).toBe("string");
    const whoami = await api.get("/_matrix/client/v3/account/whoami", { token: String(res.body.access_token) });
    expect(whoami.body.user_id).toBe("@bob:test");
    const login = await api.post("/_matrix/client/v3/login", { type: "m.login.password", user: "bob", password: "pw-bob" });
    expect(login.status).toBe(200);
    const details = await api.get("/_synapse/admin/v2/users/@bob:test", { token: admin.token });
    expect(details.body).toMatchObject({ admin: true, displayname: "Bob".toLowerCase() });
  });

  it("includes user_type in the HMAC", async () => {
    const n = await nonce();
    const wrong = await api.post(REGISTER, { nonce: n, username: "botty", password: "pw", user_type: "bot", mac: macOf(n, "botty", "pw", false) });
    expect(wrong).toMatchObject({ status: 403, body: { errcode: "M_UNKNOWN", error: "HMAC incorrect" } });
    const n2 = await nonce();
    const right = await api.post(REGISTER, { nonce: n2, username: "botty", password: "pw", user_type: "bot", mac: macOf(n2, "botty", "pw", false, "bot") });
    expect(right.status).toBe(200);
  });

  it("answers Synapse's errors", async () => {
    const post = (body: unknown) => api.post(REGISTER, body);
    expect(await post({ username: "x" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "nonce must be specified" } });
    expect(await post({ nonce: "nope", username: "x", password: "y", mac: "z" })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "unrecognised nonce" } });
    const n = await nonce();
    expect(await post({ nonce: n, password: "y" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "username must be specified" } });
    // The nonce is single use, even after a failed request.
    expect(await post({ nonce: n, username: "x", password: "y", mac: macOf(n, "x", "y", false) })).toMatchObject({ status: 400, body: { error: "unrecognised nonce" } });
    const n2 = await nonce();
    expect(await post({ nonce: n2, username: 5, password: "y" })).toMatchObject({ status: 400, body: { error: "Invalid username" } });
    const n3 = await nonce();
    expect(await post({ nonce: n3, username: "x", password: "y" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "mac must be specified" } });
    const n4 = await nonce();
    expect(await post({ nonce: n4, username: "x", password: "y", user_type: "wizard", mac: "0" })).toMatchObject({ status: 400, body: { error: "Invalid user type" } });
    const n5 = await nonce();
    expect(await post({ nonce: n5, username: "root", password: "y", mac: macOf(n5, "root", "y", false) })).toMatchObject({ status: 400, body: { errcode: "M_USER_IN_USE" } });
    const n6 = await nonce();
    expect(await post({ nonce: n6, username: "bad name!", password: "y", mac: macOf(n6, "bad name!", "y", false) })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_USERNAME" } });
    expect(await api.post(REGISTER, "{bad")).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
  });

  it("expires nonces after 60 seconds", async () => {
    const n = await nonce();
    await api.app.clock.advance(61_000);
    expect(await api.post(REGISTER, { nonce: n, username: "late", password: "pw", mac: macOf(n, "late", "pw", false) })).toMatchObject({ status: 400, body: { error: "unrecognised nonce" } });
  });

  it("is refused when no shared secret is configured", async () => {
    const off = await createTestApi();
    const n = String((await off.get(REGISTER)).body.nonce);
    expect(await off.post(REGISTER, { nonce: n, username: "x", password: "y", mac: "z" })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "Shared secret registration is not enabled" } });
  });
});

describe("admin users API", () => {
  const USERS = "/_synapse/admin/v2/users";

  it("creates (201), modifies (200) and reads users, with the console role extension", async () => {
    const created = await api.put(`${USERS}/@carol:test`, { password: "pw-carol", displayname: "Carol", scrollback_console_role: "moderator" }, { token: admin.token });
    expect(created).toMatchObject({ status: 201, body: { name: "@carol:test", displayname: "Carol", admin: false, deactivated: false, scrollback_console_role: "moderator" } });
    const modified = await api.put(`${USERS}/@carol:test`, { admin: true, scrollback_console_role: null, user_type: "support" }, { token: admin.token });
    expect(modified).toMatchObject({ status: 200, body: { admin: true, scrollback_console_role: null, user_type: "support" } });
    expect((await api.get(`${USERS}/@carol:test`, { token: admin.token })).body).toMatchObject({ name: "@carol:test", admin: true });
  });

  it("deactivation revokes tokens; reactivation needs a password", async () => {
    const dave = await api.user("dave");
    expect((await api.put(`${USERS}/@dave:test`, { deactivated: true }, { token: admin.token })).body).toMatchObject({ deactivated: true });
    expect(await api.get("/_matrix/client/v3/account/whoami", { token: dave.token })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    expect(await countAccessTokens(api.app.ctx("system:test"), "@dave:test")).toBe(0);
    expect(await api.put(`${USERS}/@dave:test`, { deactivated: false }, { token: admin.token })).toMatchObject({ status: 400, body: { error: "Must provide a password to re-activate an account." } });
    expect((await api.put(`${USERS}/@dave:test`, { deactivated: false, password: "again" }, { token: admin.token })).body).toMatchObject({ deactivated: false });
  });

  it("deactivation deletes the user's account data, global and per room; re-activation brings none back (Synapse's 404)", async () => {
    const erin = await api.user("erin", { password: "pw-erin" });
    const V3 = "/_matrix/client/v3";
    const created = await api.post(`${V3}/createRoom`, {}, { token: erin.token });
    const room = encodeURIComponent(String(created.body.room_id));
    const globalPath = `${V3}/user/${erin.userId}/account_data/m.ignored_user_list`;
    const roomPath = `${V3}/user/${erin.userId}/rooms/${room}/account_data/m.tag`;
    expect((await api.put(globalPath, { ignored_users: { "@plain:test": {} } }, { token: erin.token })).status).toBe(200);
    expect((await api.put(roomPath, { tags: { u: {} } }, { token: erin.token })).status).toBe(200);
    expect(await api.get(globalPath, { token: erin.token })).toEqual({ status: 200, body: { ignored_users: { "@plain:test": {} } } });
    expect(await api.post(`/_synapse/admin/v1/deactivate/${erin.userId}`, {}, { token: admin.token })).toEqual({ status: 200, body: { id_server_unbind_result: "no-support" } });
    expect(await api.get(globalPath, { token: erin.token })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    // The old token is gone, so read as the user again after re-activation with a new password.
    expect((await api.put(`${USERS}/${erin.userId}`, { deactivated: false, password: "pw-erin-2" }, { token: admin.token })).body).toMatchObject({ deactivated: false });
    const login = await api.post(`${V3}/login`, { type: "m.login.password", user: "erin", password: "pw-erin-2" });
    expect(login.status).toBe(200);
    const token = String(login.body.access_token);
    expect(await api.get(globalPath, { token })).toEqual({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Account data not found" } });
    expect(await api.get(roomPath, { token })).toEqual({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Room account data not found" } });
  });

  it("lists with filters, ordering and next_token", async () => {
    for (const name of ["u1", "u2", "u3"]) await api.user(name);
    const page = await api.get(USERS, { token: admin.token, query: { limit: 2, user_id: "@u" } });
    expect(page.body).toMatchObject({ total: 3, next_token: "2" });
    expect((page.body.users as Array<{ name: string }>).map((u) => u.name)).toEqual(["@u1:test", "@u2:test"]);
    const rest = await api.get(USERS, { token: admin.token, query: { from: 2, limit: 2, user_id: "@u" } });
    expect((rest.body.users as Array<{ name: string }>).map((u) => u.name)).toEqual(["@u3:test"]);
    expect(rest.body.next_token).toBeUndefined();
    const back = await api.get(USERS, { token: admin.token, query: { user_id: "@u", dir: "b" } });
    expect((back.body.users as Array<{ name: string }>).map((u) => u.name)).toEqual(["@u3:test", "@u2:test", "@u1:test"]);
    const admins = await api.get(USERS, { token: admin.token, query: { admins: "true" } });
    expect((admins.body.users as Array<{ admin: boolean }>).every((u) => u.admin)).toBe(true);
    await api.put(`${USERS}/@u2:test`, { deactivated: true }, { token: admin.token });
    expect((await api.get(USERS, { token: admin.token, query: { user_id: "@u" } })).body.total).toBe(2);
    expect((await api.get(USERS, { token: admin.token, query: { user_id: "@u", deactivated: "true" } })).body.total).toBe(3);
    await api.put(`${USERS}/@u1:test`, { displayname: "Zed Person" }, { token: admin.token });
    expect((await api.get(USERS, { token: admin.token, query: { name: "zed" } })).body.total).toBe(1);
  });

  it("answers negative cases", async () => {
    expect(await api.get(USERS)).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(USERS, { token: plain.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "You are not a server admin" } });
    expect(await api.put(`${USERS}/@x:test`, {}, { token: plain.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(USERS, { token: admin.token, query: { from: -1 } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(USERS, { token: admin.token, query: { limit: "ten" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(USERS, { token: admin.token, query: { order_by: "shoe_size" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(USERS, { token: admin.token, query: { dir: "x" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(USERS, { token: admin.token, query: { deactivated: "maybe" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(`${USERS}/@x:elsewhere`, { token: admin.token })).toMatchObject({ status: 400, body: { error: "Can only look up local users" } });
    expect(await api.put(`${USERS}/@x:elsewhere`, {}, { token: admin.token })).toMatchObject({ status: 400, body: { error: "This endpoint can only be used with local users" } });
    expect(await api.get(`${USERS}/@nobody:test`, { token: admin.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.get(`${USERS}/garbage`, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.put(`${USERS}/@x:test`, { admin: "yes" }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.put(`${USERS}/@x:test`, { deactivated: 1 }, { token: admin.token })).toMatchObject({ status: 400, body: { error: "'deactivated' parameter is not of type boolean" } });
    expect(await api.put(`${USERS}/@x:test`, { password: 5 }, { token: admin.token })).toMatchObject({ status: 400, body: { error: "Invalid password" } });
    expect(await api.put(`${USERS}/@x:test`, { scrollback_console_role: "king" }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.put(`${USERS}/@x:test`, "nope", { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await api.put(`${USERS}/@root:test`, { admin: false }, { token: admin.token })).toMatchObject({ status: 400, body: { error: "You may not demote yourself." } });
  });
});
