import { asc, gt } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { notFound } from "../errors";
import { describeRoomRetention, type RoomRetention } from "./describe-room-retention";
import { purgeJobsOf } from "./jobs";
import { selectRoomsForJob } from "./select-rooms";

export interface ListRetentionRoomsInput {
  /** Room id to continue after (the previous page's next_from). */
  from?: string;
  limit: number;
  /** Only the rooms this job handles. */
  job?: string;
}

/** Rooms with their effective policy and covering job, in room_id order, paged. */
export async function listRetentionRooms(ctx: Ctx, input: ListRetentionRoomsInput): Promise<{ rooms: RoomRetention[]; next_from: string | null }> {
  let roomIds: string[];
  if (input.job !== undefined) {
    const job = purgeJobsOf(ctx.config.retention).find((j) => j.key === input.job);
    if (!job || !ctx.config.retention.enabled) throw notFound(`No purge job ${input.job}`);
    roomIds = (await selectRoomsForJob(ctx, job, { after: input.from, limit: input.limit + 1 })).map((r) => r.roomId);
  } else {
    const rows = await ctx.db
      .select({ roomId: t.rooms.roomId })
      .from(t.rooms)
      .where(input.from !== undefined ? gt(t.rooms.roomId, input.from) : undefined)
      .orderBy(asc(t.rooms.roomId))
      .limit(input.limit + 1);
    roomIds = rows.map((r) => r.roomId);
  }
  const page = roomIds.slice(0, input.limit);
  const more = roomIds.length > input.limit;
  return { rooms: await describeRoomRetention(ctx, page), next_from: more ? (page[page.length - 1] ?? null) : null };
}
