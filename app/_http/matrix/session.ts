import { z } from "zod";
import { loginWithPassword, revokeAccessToken } from "@/server/auth";
import { MatrixError } from "@/server/errors";
import { withUser } from "../auth";
import { parseWith, readJsonObject } from "../body";
import { json } from "../respond";
import { route } from "../router";

const loginBody = z.object({
  type: z.string(),
  identifier: z.object({ type: z.string(), user: z.string().optional() }).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  device_id: z.string().min(1).max(255).optional(),
  initial_device_display_name: z.string().optional(),
});

export const sessionRoutes = [
  route("GET", "/_matrix/client/versions", async () =>
    json({ versions: ["r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11", "v1.12"], unstable_features: { "org.matrix.label_based_filtering": true } }),
  ),
  route("GET", "/_matrix/client/v3/login", async () => json({ flows: [{ type: "m.login.password" }] })),
  route("POST", "/_matrix/client/v3/login", async (c) => {
    const body = parseWith(loginBody, await readJsonObject(c));
    if (body.type !== "m.login.password") throw new MatrixError("M_UNKNOWN", "Unknown login type");
    if (body.identifier && body.identifier.type !== "m.id.user") throw new MatrixError("M_UNKNOWN", "Unknown login identifier type");
    const user = body.identifier?.user ?? body.user;
    if (!user || body.password === undefined) throw new MatrixError("M_MISSING_PARAM", "Missing user or password");
    const session = await loginWithPassword(c.app.ctx("system:login"), { user, password: body.password, deviceId: body.device_id });
    return json({
      user_id: session.userId,
      access_token: session.accessToken,
      device_id: session.deviceId,
      home_server: c.app.config.server_name,
    });
  }),
  route("POST", "/_matrix/client/v3/logout", withUser(async (c, requester) => {
    await revokeAccessToken(c.app.ctx(requester.userId), requester.tokenId);
    return json({});
  })),
  route("GET", "/_matrix/client/v3/account/whoami", withUser(async (_c, requester) =>
    json({ user_id: requester.userId, device_id: requester.deviceId, is_guest: false }),
  )),
];
