import type { Ctx } from "../context";
import { PURGE_PAGINATION_LOCK, withLocks } from "../locks";
import { getTasks } from "../tasks/get-tasks";
import { purgeHistory } from "../purge/purge-history";
import { PURGE_ROOM_ACTION } from "../purge/actions-names";
import type { Boundary } from "./boundary";

/** Room deletes that make a retention purge stand back (§8.5 step 1). */
export const ROOM_DELETE_ACTIONS = [PURGE_ROOM_ACTION, "shutdown_and_purge_room"];

export type RoomPurgeOutcome =
  | { outcome: "purged"; deleted: number; boundary: Boundary }
  | { outcome: "skipped"; reason: "room being deleted" | "no max_lifetime" | "no event to purge up to" };

export async function roomBeingDeleted(ctx: Ctx, roomId: string): Promise<boolean> {
  const active = await getTasks(ctx, { actions: ROOM_DELETE_ACTIONS, resourceId: roomId, statuses: ["active"], limit: 1 });
  return active.length > 0;
}

/**
 * One room's retention purge, given its boundary for the run's cutoff: the purge domain's batched
 * history purge with delete_local_events (retention deletes local events too, §8.5), which keeps
 * state events and the boundary event. Errors propagate; the run records them per room.
 */
export async function purgeRoomForRetention(
  ctx: Ctx,
  input: { roomId: string; boundary: Boundary | undefined; signal?: AbortSignal },
): Promise<RoomPurgeOutcome> {
  if (await roomBeingDeleted(ctx, input.roomId)) return { outcome: "skipped", reason: "room being deleted" };
  if (!input.boundary) return { outcome: "skipped", reason: "no event to purge up to" };
  const job = { roomId: input.roomId, depth: input.boundary.depth, deleteLocalEvents: true };
  // The write side of the room's purge lock, as every history purge: waits for backfills and other purges.
  const progress = await withLocks(ctx, [{ name: PURGE_PAGINATION_LOCK, key: input.roomId, write: true }], (lease) =>
    purgeHistory(ctx, job, { signal: input.signal ? AbortSignal.any([input.signal, lease.signal]) : lease.signal }),
  );
  return { outcome: "purged", deleted: progress.deleted, boundary: input.boundary };
}
