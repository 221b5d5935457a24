import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";

const api = await createTestApi();

describe("sessions", () => {
  it("logs in with a password and answers whoami", async () => {
    await api.user("alice", { password: "secret-pass" });
    const login = await api.post("/_matrix/client/v3/login", {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: "alice" },
      password: "secret-pass",
    });
    expect(login.status).toBe(200);
    expect(login.body.user_id).toBe("@alice:test");
    const whoami = await api.get("/_matrix/client/r0/account/whoami", { token: String(login.body.access_token) });
    expect(whoami).toEqual({ status: 200, body: { user_id: "@alice:test", device_id: login.body.device_id, is_guest: false } });
  });

  it("rejects bad credentials, missing and unknown tokens, bad JSON and unknown endpoints", async () => {
    const bad = await api.post("/_matrix/client/v3/login", { type: "m.login.password", user: "alice", password: "nope" });
    expect(bad).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get("/_matrix/client/v3/account/whoami")).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get("/_matrix/client/v3/account/whoami", { token: "junk" })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    expect(await api.post("/_matrix/client/v3/login", "{not json")).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await api.post("/_matrix/client/v3/login", [1, 2])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.post("/_matrix/client/v3/login", { type: 5 })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.get("/_matrix/client/v3/nope")).toMatchObject({ status: 404, body: { errcode: "M_UNRECOGNIZED" } });
    expect(await api.get("/_matrix/client/v3/%E0%A4%A")).toMatchObject({ status: 404, body: { errcode: "M_UNRECOGNIZED" } });
  });
});
