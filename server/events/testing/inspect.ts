import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../../context";
import * as t from "../../db/schema";

// What event tests check below the APIs (depth, is_local, rows stored), as core calls, so
// HTTP-level tests in app/ never query tables themselves.

/** The room's stored event rows (outliers included), in (depth, stream_ordering) order. */
export async function storedRoomEvents(ctx: Ctx, roomId: string): Promise<t.EventRow[]> {
  return ctx.db.select().from(t.events).where(eq(t.events.roomId, roomId)).orderBy(asc(t.events.depth), asc(t.events.streamOrdering));
}
