"use server";
import { roomListParamsSchema } from "@/components/rooms/list-params";
import { presetOptions, toDeleteBody } from "@/components/shutdown/presets";
import { requestRoomDeletion } from "@/server/shutdown";
import { roleAction, toActionError } from "../_lib/action";
import { loadRoomList } from "./list";
import { bulkDeleteSchema, type BulkDeleteResult } from "./schemas";

/** The rooms list for react-query in the browser (the page prefetches the first view itself). */
export const listRoomsAction = roleAction(["moderator", "operator"], roomListParamsSchema, (params, _session, ctx) => loadRoomList(ctx, params));

/**
 * Admins only: one delete task per selected room, with the preset's options (a take-down's notice
 * room is created as the admin). A room the core refuses (already being deleted, bad id) gets its
 * error in its own entry; the others are scheduled regardless.
 */
export const bulkDeleteRoomsAction = roleAction(["admin"], bulkDeleteSchema, async ({ roomIds, preset }, session, ctx) => {
  const body = toDeleteBody(presetOptions(preset, session.userId));
  const results: BulkDeleteResult[] = [];
  for (const roomId of new Set(roomIds)) {
    try {
      const { delete_id } = await requestRoomDeletion(ctx, { roomId, body });
      results.push({ roomId, deleteId: delete_id });
    } catch (error) {
      results.push({ roomId, error: await toActionError(error) });
    }
  }
  return results;
});
