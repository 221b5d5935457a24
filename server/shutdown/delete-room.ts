import { eq, sql } from "drizzle-orm";
import { finishAudit, recordAudit } from "../audit";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { isMatrixError, unknown } from "../errors";
import { purgeRoom } from "../purge";
import { getTasks, scheduleTask } from "../tasks";
import {
  DELETE_ACTIONS,
  parseDeleteRoomBody,
  publicResponse,
  SHUTDOWN_ACTION,
  toShutdownParams,
  type ShutdownRoomParams,
  type ShutdownRoomResponse,
} from "./schemas";
import { assertLegalRoomId, assertOwnUser, shutdownRoom } from "./shutdown-room";

export const AUDIT_DELETE_V1 = "room.delete";
export const AUDIT_DELETE_V2 = "room.delete.request";

export interface DeleteRoomInput {
  roomId: string;
  /** The request body as a JSON object (validated here, with Synapse's defaults). */
  body: Record<string, unknown>;
}

async function roomExists(ctx: Ctx, roomId: string): Promise<boolean> {
  const [row] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  return row !== undefined;
}

/** Purges the room; a room that is already gone (unknown, or purged by an earlier run) is not an error. */
export async function purgeIfPresent(ctx: Ctx, roomId: string, force: boolean): Promise<void> {
  try {
    await purgeRoom(ctx, { roomId, force });
  } catch (error) {
    if (isMatrixError(error) && error.errcode === "M_NOT_FOUND") return;
    throw error;
  }
}

/**
 * A delete of the room is running, or queued to run now (Synapse only sees running ones, so a
 * second request slipped in while the first waited for a free slot). Purges dated later, such as a
 * forgotten-room purge a day ahead, do not block an admin's delete.
 */
export async function deleteInProgress(ctx: Ctx, roomId: string): Promise<boolean> {
  const active = await getTasks(ctx, { actions: DELETE_ACTIONS, resourceId: roomId, statuses: ["active"], limit: 1 });
  if (active.length > 0) return true;
  const due = await getTasks(ctx, { actions: DELETE_ACTIONS, resourceId: roomId, statuses: ["scheduled"], maxTimestamp: ctx.clock.now(), limit: 1 });
  return due.length > 0;
}

/** Records a request the server refused, with the error it answered. */
async function auditRefusal(ctx: Ctx, action: string, input: DeleteRoomInput, error: unknown): Promise<void> {
  const result = isMatrixError(error) ? error.toJSON() : { error: String(error) };
  await recordAudit(ctx, { action, roomId: input.roomId, params: input.body, status: "failed", result });
}

/**
 * v1 DELETE /_synapse/admin/v1/rooms/{roomId} (§5.5): shutdown and purge inline. Unlike Synapse, a
 * remote new_room_user_id is refused before the room is blocked; unknown rooms still answer 200.
 */
export async function deleteRoomNow(ctx: Ctx, input: DeleteRoomInput): Promise<ShutdownRoomResponse> {
  let params: ShutdownRoomParams;
  try {
    params = toShutdownParams(parseDeleteRoomBody(input.body), ctx.actor);
    assertLegalRoomId(input.roomId);
    if (params.new_room_user_id && (await roomExists(ctx, input.roomId))) assertOwnUser(ctx, params.new_room_user_id);
  } catch (error) {
    await auditRefusal(ctx, AUDIT_DELETE_V1, input, error);
    throw error;
  }
  const auditId = await recordAudit(ctx, { action: AUDIT_DELETE_V1, roomId: input.roomId, params, status: "requested" });
  try {
    const progress = await shutdownRoom(ctx, { roomId: input.roomId, params });
    if (params.purge) await purgeIfPresent(ctx, input.roomId, params.force_purge);
    const response = publicResponse(progress);
    await finishAudit(ctx, auditId, { status: "ok", result: response });
    return response;
  } catch (error) {
    await finishAudit(ctx, auditId, { status: "failed", result: isMatrixError(error) ? error.toJSON() : { error: String(error) } });
    throw error;
  }
}

/**
 * v2 DELETE /_synapse/admin/v2/rooms/{roomId} (§5.6): validated fully, in Synapse's order, then
 * scheduled as a shutdown_and_purge_room task. A delete already running or queued for the room
 * refuses the request (Synapse only sees running ones); a per-room advisory lock makes the check and
 * the insert one step, so two concurrent requests cannot both pass.
 */
export async function requestRoomDeletion(ctx: Ctx, input: DeleteRoomInput): Promise<{ delete_id: string }> {
  try {
    const params = toShutdownParams(parseDeleteRoomBody(input.body), ctx.actor);
    assertLegalRoomId(input.roomId);
    const deleteId = await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`room-delete:${input.roomId}`}, 0))`);
      if (await deleteInProgress(txCtx, input.roomId)) throw unknown(`Purge already in progress for ${input.roomId}`);
      if (params.new_room_user_id) assertOwnUser(ctx, params.new_room_user_id);
      const id = await scheduleTask(txCtx, { action: SHUTDOWN_ACTION, resourceId: input.roomId, params: { ...params } });
      // "requested" until the scheduler finishes the entry with the task's outcome.
      await recordAudit(txCtx, { action: AUDIT_DELETE_V2, roomId: input.roomId, params, status: "requested", taskId: id });
      return id;
    });
    return { delete_id: deleteId };
  } catch (error) {
    await auditRefusal(ctx, AUDIT_DELETE_V2, input, error);
    throw error;
  }
}
