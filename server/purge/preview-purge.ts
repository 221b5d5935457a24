import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { deletableSql, resolvePurgePoint, type PurgeTarget } from "./purge-point";

export interface PreviewPurgeInput extends PurgeTarget {
  deleteLocalEvents: boolean;
}

export interface PurgePreview {
  roomId: string;
  boundary: { eventId: string; token: string; depth: number };
  deleteLocalEvents: boolean;
  /** What the purge would delete. */
  delete: { total: number; local: number; remote: number; byType: Record<string, number>; oldestTs: number | null; newestTs: number | null };
  /** What stays anyway, and why. */
  keep: {
    /** State events below the boundary: never deleted, kept as outliers so they still back the room's state. */
    stateEvents: number;
    /** Local non-state events below the boundary, kept because delete_local_events is off. */
    localEvents: number;
    /** Live events at or after the boundary's depth (the boundary event itself included). */
    atOrAfterBoundary: number;
    /** The room's newest event: a purge never deletes it. */
    newestEventId: string | null;
  };
  /** Set when the purge task would fail its safety check (§4.4 step 1). */
  refusal: string | null;
}

type GroupRow = {
  type: string;
  is_local: boolean;
  is_state: boolean;
  deletable: boolean;
  n: number;
  oldest: number | null;
  newest: number | null;
};

/** Read-only: what a purge with these parameters would delete and keep. Same validation as the purge. */
export async function previewPurge(ctx: Ctx, input: PreviewPurgeInput): Promise<PurgePreview> {
  const point = await resolvePurgePoint(ctx, input);
  const { roomId } = input;
  const del = deletableSql("e", input.deleteLocalEvents);
  const groups = await ctx.db.execute<GroupRow>(sql`
    select e.type, e.is_local, e.state_key is not null as is_state, ${del} as deletable, count(*)::int as n,
      min(e.origin_server_ts) as oldest, max(e.origin_server_ts) as newest
    from events e where e.room_id = ${roomId} and e.depth < ${point.depth} and (not e.outlier or ${del})
    group by 1, 2, 3, 4`);
  const [after] = await ctx.db.execute<{ n: number }>(sql`
    select count(*)::int as n from events where room_id = ${roomId} and depth >= ${point.depth} and not outlier`);
  const [newest] = await ctx.db.execute<{ event_id: string }>(sql`
    select event_id from events where room_id = ${roomId} and not outlier order by depth desc, stream_ordering desc limit 1`);
  const [ext] = await ctx.db.execute<{ max: number | null }>(sql`
    select max(e.depth) as max from event_forward_extremities f join events e on e.event_id = f.event_id where f.room_id = ${roomId}`);
  const preview: PurgePreview = {
    roomId,
    boundary: { eventId: point.eventId, token: point.token, depth: point.depth },
    deleteLocalEvents: input.deleteLocalEvents,
    delete: { total: 0, local: 0, remote: 0, byType: {}, oldestTs: null, newestTs: null },
    keep: { stateEvents: 0, localEvents: 0, atOrAfterBoundary: Number(after?.n ?? 0), newestEventId: newest?.event_id ?? null },
    refusal: ext && ext.max !== null && Number(ext.max) < point.depth ? "topological_ordering is greater than forward extremities" : null,
  };
  for (const g of groups) addGroup(preview, g);
  return preview;
}

function addGroup(preview: PurgePreview, g: GroupRow): void {
  const n = Number(g.n);
  if (!g.deletable) {
    if (g.is_state) preview.keep.stateEvents += n;
    else preview.keep.localEvents += n;
    return;
  }
  const d = preview.delete;
  d.total += n;
  if (g.is_local) d.local += n;
  else d.remote += n;
  d.byType[g.type] = (d.byType[g.type] ?? 0) + n;
  if (g.oldest !== null) d.oldestTs = d.oldestTs === null ? Number(g.oldest) : Math.min(d.oldestTs, Number(g.oldest));
  if (g.newest !== null) d.newestTs = d.newestTs === null ? Number(g.newest) : Math.max(d.newestTs, Number(g.newest));
}
