import { deactivateUser } from "@/server/auth/deactivate-user";
import { getAdminUser, listUsers, upsertUser, USER_ORDERS } from "@/server/auth/admin-users";
import { createRegistrationNonce, registerWithSharedSecret } from "@/server/auth/registration";
import { withAdmin } from "../auth";
import { readJsonObject } from "../body";
import { json } from "../respond";
import { route } from "../router";
import { queryBool, queryChoice, queryNonNegative } from "./params";

const ADMIN = "/_synapse/admin";

// Shared-secret registration, /_synapse/admin/v2/users and /v1/deactivate.
export const adminUserRoutes = [
  route("GET", `${ADMIN}/v1/register`, async (c) => json({ nonce: await createRegistrationNonce(c.app.ctx("system:register")) })),
  route("POST", `${ADMIN}/v1/register`, async (c) => {
    const ctx = c.app.ctx("system:register");
    // Synapse checks the feature before it reads the body.
    const body = ctx.config.registration_shared_secret ? await readJsonObject(c) : {};
    const result = await registerWithSharedSecret(ctx, body);
    return json({ user_id: result.userId, home_server: c.app.config.server_name, access_token: result.accessToken, device_id: result.deviceId });
  }),
  route("GET", `${ADMIN}/v2/users`, withAdmin(async (c, r) => {
    const q = c.query;
    const from = queryNonNegative(q, "from", 0);
    const limit = queryNonNegative(q, "limit", 100);
    queryBool(q, "guests");
    const result = await listUsers(c.app.ctx(r.userId), {
      from,
      limit,
      userId: q.get("user_id") ?? undefined,
      name: q.get("name") ?? undefined,
      deactivated: queryBool(q, "deactivated") ?? false,
      admins: queryBool(q, "admins"),
      orderBy: queryChoice(q, "order_by", USER_ORDERS, "name"),
      dir: queryChoice(q, "dir", ["f", "b"] as const, "f"),
    });
    const body: Record<string, unknown> = { users: result.users, total: result.total };
    if (from + limit < result.total) body.next_token = String(from + result.users.length);
    return json(body);
  })),
  route("GET", `${ADMIN}/v2/users/:userId`, withAdmin(async (c, r) => json(await getAdminUser(c.app.ctx(r.userId), c.params.userId ?? "")))),
  route("PUT", `${ADMIN}/v2/users/:userId`, withAdmin(async (c, r) => {
    const body = await readJsonObject(c);
    const result = await upsertUser(c.app.ctx(r.userId), { requester: r, userId: c.params.userId ?? "", body });
    return json(result.user, result.created ? 201 : 200);
  })),
  route("POST", `${ADMIN}/v1/deactivate/:userId`, withAdmin(async (c, r) => {
    // Synapse allows an empty body (no erasure).
    const body = await readJsonObject(c, { empty: "object" });
    return json(await deactivateUser(c.app.ctx(r.userId), { userId: c.params.userId ?? "", body }));
  })),
];
