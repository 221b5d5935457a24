import { countReactions, getEventContext, paginateRoom, timestampToEvent, type RoomEventFilter } from "@/server/pagination";
import { getRetentionPolicy, isExpired } from "@/server/retention";
import { getRoom } from "@/server/rooms";
import { isMatrixError, MatrixError } from "@/server/errors";
import type { Ctx } from "@/server/context";
import type { TimelineEvent, TimelinePage } from "@/components/rooms/types";

// The console timeline on the core's verbs, always as the admin view (no visibility rules): the
// first page (newest, around an event, or at a date) and the pages either side of it. Each page is
// newest first, with the retention "expired" mark and reaction counts added.

export const PAGE_SIZE = 50;

interface Base {
  roomId: string;
  userId: string;
  filter: RoomEventFilter | null;
  limit?: number;
}

export interface StartInput extends Base {
  event?: string | null;
  at?: number | null;
}

export interface PageInput extends Base {
  from: string;
  dir: "b" | "f";
}

type Json = Record<string, unknown>;

async function requireRoom(ctx: Ctx, roomId: string): Promise<void> {
  if (!(await getRoom(ctx, roomId))) throw new MatrixError("M_NOT_FOUND", `Unknown room ${roomId}`);
}

async function annotate(ctx: Ctx, roomId: string, events: Json[], page: Omit<TimelinePage, "items">): Promise<TimelinePage> {
  const list = events as unknown as TimelineEvent[];
  const [policy, reactions] = await Promise.all([
    getRetentionPolicy(ctx, roomId),
    countReactions(ctx, { roomId, eventIds: list.filter((e) => e.state_key === undefined).map((e) => e.event_id) }),
  ]);
  const now = ctx.clock.now();
  const items = list.map((event) => ({
    event,
    expired: isExpired({ stateKey: event.state_key ?? null, originServerTs: event.origin_server_ts }, policy, now),
    reactions: reactions.get(event.event_id) ?? [],
  }));
  return { items, ...page };
}

/** Older (dir b) or newer (dir f) events from a token; an empty page ends that direction. */
export async function loadTimelinePage(ctx: Ctx, input: PageInput): Promise<TimelinePage> {
  await requireRoom(ctx, input.roomId);
  const page = await paginateRoom(ctx, {
    roomId: input.roomId,
    viewer: { admin: true, userId: input.userId },
    from: input.from,
    dir: input.dir,
    limit: input.limit ?? PAGE_SIZE,
    filter: input.filter,
  });
  const more = page.chunk.length > 0 ? (page.end ?? null) : null;
  if (input.dir === "b") return annotate(ctx, input.roomId, page.chunk, { older: more, newer: null, anchor: null });
  return annotate(ctx, input.roomId, [...page.chunk].reverse(), { older: null, newer: more, anchor: null });
}

/** The first event at or after `at` (else the last one before it), or null in an empty room. */
async function eventAt(ctx: Ctx, input: Base, at: number): Promise<string | null> {
  const viewer = { admin: true as const, userId: input.userId };
  for (const dir of ["f", "b"] as const) {
    try {
      return (await timestampToEvent(ctx, { roomId: input.roomId, viewer, ts: at, dir })).event_id;
    } catch (error) {
      if (!isMatrixError(error) || error.errcode !== "M_NOT_FOUND") throw error;
    }
  }
  return null;
}

/** The first page: around a linked event, around the first event at a date, or the newest events. */
export async function loadTimelineStart(ctx: Ctx, input: StartInput): Promise<TimelinePage> {
  await requireRoom(ctx, input.roomId);
  const limit = input.limit ?? PAGE_SIZE;
  const anchor = input.event ?? (input.at !== null && input.at !== undefined ? await eventAt(ctx, input, input.at) : null);
  if (!anchor) {
    const page = await paginateRoom(ctx, { roomId: input.roomId, viewer: { admin: true, userId: input.userId }, dir: "b", limit, filter: input.filter });
    return annotate(ctx, input.roomId, page.chunk, { older: page.chunk.length > 0 ? (page.end ?? null) : null, newer: null, anchor: null });
  }
  const context = await getEventContext(ctx, { roomId: input.roomId, eventId: anchor, viewer: { admin: true, userId: input.userId }, limit, filter: input.filter });
  const events = [...context.events_after].reverse().concat([context.event], context.events_before);
  return annotate(ctx, input.roomId, events, { older: context.start, newer: context.end, anchor });
}
