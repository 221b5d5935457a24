import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { StoredEvent } from "../events";
import { eventFromJson } from "./aggregations";
import { runSql } from "./run-sql";
import { textArray } from "./sql-arrays";

/**
 * lazy_load_members (§2.10): the m.room.member events of the chunk's senders in the state after
 * the chunk's first event. One query: one index probe per sender.
 */
export async function lazyMembers(ctx: Ctx, input: { roomId: string; at: { depth: number; streamOrdering: number }; senders: string[] }): Promise<StoredEvent[]> {
  const senders = [...new Set(input.senders)];
  if (senders.length === 0) return [];
  const rows = await runSql<{ event: Record<string, unknown> }>(ctx, sql`
    select to_json(ev) as event
    from unnest(${textArray(senders)}) as s(user_id)
    join lateral (
      select h.event_id from room_state_history h
      where h.room_id = ${input.roomId} and h.type = 'm.room.member' and h.state_key = s.user_id
        and (h.depth, h.stream_ordering) <= (${input.at.depth}, ${input.at.streamOrdering})
      order by h.depth desc, h.stream_ordering desc limit 1) m on true
    join events ev on ev.event_id = m.event_id
    order by ev.depth, ev.stream_ordering`);
  return rows.map((r) => eventFromJson(r.event));
}
