import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { runSql } from "./run-sql";
import { textArray } from "./sql-arrays";

export interface ReactionCount {
  key: string;
  count: number;
}

/**
 * Reaction (m.annotation) counts per key for a page of events, in one grouped query on the
 * relations index. Bundled aggregations no longer carry annotations (MSC3925), so the console asks
 * for them itself. Redacted, rejected and outlier reactions do not count; keys in first-seen order.
 */
export async function countReactions(ctx: Ctx, input: { roomId: string; eventIds: readonly string[] }): Promise<Map<string, ReactionCount[]>> {
  const out = new Map<string, ReactionCount[]>();
  if (input.eventIds.length === 0) return out;
  const rows = await runSql<{ target: string; key: string; n: number | string }>(ctx, sql`
    select r.relates_to_id as target, r.aggregation_key as key, count(*) as n
    from event_relations r join events ev on ev.event_id = r.event_id
    where r.relates_to_id = any(${textArray(input.eventIds)}) and r.rel_type = 'm.annotation'
      and r.room_id = ${input.roomId} and r.aggregation_key is not null
      and not ev.outlier and ev.rejection_reason is null and ev.redacted_by is null
    group by r.relates_to_id, r.aggregation_key
    order by r.relates_to_id, min(ev.stream_ordering)`);
  for (const row of rows) {
    const list = out.get(row.target) ?? [];
    list.push({ key: row.key, count: Number(row.n) });
    out.set(row.target, list);
  }
  return out;
}
