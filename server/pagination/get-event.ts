import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { checkRoomAccess, type ViewerInput } from "./check-access";
import { loadAnnotated } from "./load-events";
import { presentEvents, visibleTo } from "./present";

export interface GetRoomEventInput {
  roomId: string;
  eventId: string;
  viewer: ViewerInput;
  raw?: boolean;
}

const NOT_FOUND = "Event not found.";

/**
 * GET /rooms/{roomId}/event/{eventId}: one event, if the viewer may see it. As Synapse, anyone not
 * joined now is "peeking", and an event the viewer may not see is reported as not found.
 */
export async function getRoomEvent(ctx: Ctx, input: GetRoomEventInput): Promise<Record<string, unknown>> {
  const access = await checkRoomAccess(ctx, input.roomId, input.viewer, { mode: "event" });
  const rows = await loadAnnotated(ctx, {
    roomId: input.roomId,
    where: [sql`e.event_id = ${input.eventId}`],
    order: "asc",
    limit: 1,
    viewerId: access.viewer ? access.userId : null,
    deviceId: access.deviceId,
    raw: input.raw,
  });
  const visible = visibleTo(access, rows);
  const [event] = await presentEvents(ctx, access, visible, input.raw ?? false);
  if (!event) throw new MatrixError("M_NOT_FOUND", NOT_FOUND);
  return event;
}
