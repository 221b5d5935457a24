import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { isValidUserId } from "../events/ids";
import { validateEventContent } from "../events/validate-content";
import { aliasTaken, checkAlias, createAlias } from "./aliases";
import { createRoom, SUPPORTED_ROOM_VERSIONS } from "./create-room";
import type { CreateRoomRequest } from "./schemas";

/** POST /createRoom for a user: validates as Synapse, creates the room and binds its alias in one transaction. */
export async function createRoomAsUser(ctx: Ctx, creator: string, body: CreateRoomRequest): Promise<{ roomId: string; alias: string | null }> {
  if (body.room_version !== undefined && !SUPPORTED_ROOM_VERSIONS.includes(body.room_version)) {
    throw new MatrixError("M_UNSUPPORTED_ROOM_VERSION", "Your homeserver does not support the features required to interact with this room");
  }
  for (const user of body.invite ?? []) {
    if (!isValidUserId(user)) throw new MatrixError("M_INVALID_PARAM", `Invalid user_id: ${user}`);
  }
  for (const s of body.initial_state ?? []) {
    validateEventContent({ roomId: "", type: s.type, stateKey: s.state_key ?? "", content: s.content });
  }
  let alias: string | null = null;
  if (body.room_alias_name !== undefined) {
    if (/[:\s]/.test(body.room_alias_name)) throw new MatrixError("M_INVALID_PARAM", "Invalid characters in room alias", { status: 400 });
    alias = `#${body.room_alias_name}:${ctx.config.server_name}`;
    checkAlias(ctx, alias);
    if (await aliasTaken(ctx, alias)) throw new MatrixError("M_ROOM_IN_USE", "Room alias already taken", { status: 400 });
  }
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const { roomId } = await createRoom(txCtx, {
      creator,
      name: body.name,
      topic: body.topic,
      preset: body.preset,
      visibility: body.visibility,
      invite: body.invite,
      initialState: body.initial_state,
      powerLevelContentOverride: body.power_level_content_override,
      roomVersion: body.room_version,
      creationContent: body.creation_content,
      alias: alias ?? undefined,
    });
    if (alias) await createAlias(txCtx, { alias, roomId, creator, takenStatus: 400 });
    return { roomId, alias };
  });
}
