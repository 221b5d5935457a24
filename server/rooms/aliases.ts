import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, forbidden, notFound } from "../errors";
import { isLocalId, isValidRoomAlias, isValidRoomId } from "../events/ids";
import { powerLevelsOf, requiredPowerForEvent, userPower } from "./auth-rules";
import { loadAuthState } from "./auth-state";

export function checkAlias(ctx: Ctx, alias: string): void {
  if (!isValidRoomAlias(alias)) throw new MatrixError("M_INVALID_PARAM", `Invalid room alias: ${alias}`);
  if (!isLocalId(alias, ctx.config.server_name)) throw new MatrixError("M_INVALID_PARAM", "Room alias must be local", { status: 400 });
}

/** Binds an alias to a room; taken aliases are M_ROOM_IN_USE with the given status (createRoom 400, directory 409). */
export async function createAlias(ctx: Ctx, input: { alias: string; roomId: string; creator: string; takenStatus?: number }): Promise<void> {
  checkAlias(ctx, input.alias);
  const [row] = await ctx.db
    .insert(t.roomAliases)
    .values({ alias: input.alias, roomId: input.roomId, creator: input.creator, createdTs: ctx.clock.now() })
    .onConflictDoNothing()
    .returning({ alias: t.roomAliases.alias });
  if (!row) throw new MatrixError("M_ROOM_IN_USE", "Room alias already taken", { status: input.takenStatus ?? 409 });
}

export async function aliasTaken(ctx: Ctx, alias: string): Promise<boolean> {
  const [row] = await ctx.db.select({ alias: t.roomAliases.alias }).from(t.roomAliases).where(eq(t.roomAliases.alias, alias)).limit(1);
  return row !== undefined;
}

/** PUT /directory/room/{alias}: the room must exist and the user must be in it. */
export async function putAlias(ctx: Ctx, input: { alias: string; roomId: string; userId: string }): Promise<void> {
  checkAlias(ctx, input.alias);
  if (!isValidRoomId(input.roomId)) throw new MatrixError("M_INVALID_PARAM", `Invalid room ID: ${input.roomId}`);
  const state = await loadAuthState(ctx.db, input.roomId, [input.userId]);
  if (state.creator === null) throw notFound("Room not found");
  if (state.memberships.get(input.userId) !== "join") throw forbidden(`User ${input.userId} not in room ${input.roomId}`);
  await createAlias(ctx, { alias: input.alias, roomId: input.roomId, creator: input.userId });
}

export async function resolveAlias(ctx: Ctx, alias: string): Promise<{ roomId: string; servers: string[] }> {
  if (!isValidRoomAlias(alias)) throw new MatrixError("M_INVALID_PARAM", `Invalid room alias: ${alias}`);
  const [row] = await ctx.db.select({ roomId: t.roomAliases.roomId }).from(t.roomAliases).where(eq(t.roomAliases.alias, alias)).limit(1);
  if (!row) throw notFound(`Room alias ${alias} not found`);
  return { roomId: row.roomId, servers: [ctx.config.server_name] };
}

/** DELETE /directory/room/{alias}: its creator, a server admin, or whoever may set the canonical alias. */
export async function deleteAlias(ctx: Ctx, input: { alias: string; userId: string; admin: boolean }): Promise<void> {
  checkAlias(ctx, input.alias);
  const [row] = await ctx.db.select().from(t.roomAliases).where(eq(t.roomAliases.alias, input.alias)).limit(1);
  if (!row) throw notFound("Room alias not found");
  if (!input.admin && row.creator !== input.userId) {
    const state = await loadAuthState(ctx.db, row.roomId, [input.userId]);
    const levels = powerLevelsOf(state);
    const allowed = state.memberships.get(input.userId) === "join" && userPower(levels, input.userId) >= requiredPowerForEvent(levels, "m.room.canonical_alias", true);
    if (!allowed) throw forbidden("You don't have permission to delete the alias.");
  }
  await ctx.db.delete(t.roomAliases).where(eq(t.roomAliases.alias, input.alias));
}

/** A room id, or an alias resolved to one (POST /join/{roomIdOrAlias}). */
export async function resolveRoomIdOrAlias(ctx: Ctx, idOrAlias: string): Promise<string> {
  if (idOrAlias.startsWith("#")) return (await resolveAlias(ctx, idOrAlias)).roomId;
  if (!isValidRoomId(idOrAlias)) throw new MatrixError("M_UNKNOWN", `${idOrAlias} was not legal room ID or room alias`, { status: 400 });
  return idOrAlias;
}
