import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { isValidUserId } from "../events/ids";
import { verifyPassword } from "./passwords";
import { createAccessToken } from "./tokens";
import { getUser } from "./users";

/** "alice" or "@alice:server" → the full local user id. */
export function qualifyUserId(ctx: Ctx, user: string): string {
  return user.startsWith("@") ? user : `@${user.toLowerCase()}:${ctx.config.server_name}`;
}

export async function loginWithPassword(
  ctx: Ctx,
  input: { user: string; password: string; deviceId?: string; validForMs?: number },
): Promise<{ userId: string; accessToken: string; deviceId: string }> {
  const userId = qualifyUserId(ctx, input.user);
  const user = isValidUserId(userId) ? await getUser(ctx, userId) : null;
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user || !ok) throw new MatrixError("M_FORBIDDEN", "Invalid username or password");
  if (user.deactivated) throw new MatrixError("M_USER_DEACTIVATED", "This account has been deactivated");
  const token = await createAccessToken(ctx, { userId, deviceId: input.deviceId, validForMs: input.validForMs });
  return { userId, ...token };
}
