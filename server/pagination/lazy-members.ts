import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import type { StoredEvent } from "../events";
import { eventFromJson } from "./aggregations";
import { runSql } from "./run-sql";
import { textArray } from "./sql-arrays";

/**
 * The newest m.room.member event of `user` at or before `at`, as a lateral subquery body: its
 * events row, fetched inside the lateral (one probe of each index per user; joined outside, the
 * planner puts a cache in front of events that never hits, since every user's event differs).
 */
function memberAt(roomId: string, user: SQL, at: SQL): SQL {
  return sql`select ev.* from room_state_history h join events ev on ev.event_id = h.event_id
      where h.room_id = ${roomId} and h.type = 'm.room.member' and h.state_key = ${user}
        and (h.depth, h.stream_ordering) <= ${at}
      order by h.depth desc, h.stream_ordering desc limit 1`;
}

/**
 * lazy_load_members (§2.10): the m.room.member events of the chunk's senders in the state after
 * the chunk's first event. One query: one index probe per sender.
 */
export async function lazyMembers(ctx: Ctx, input: { roomId: string; at: { depth: number; streamOrdering: number }; senders: string[] }): Promise<StoredEvent[]> {
  const senders = [...new Set(input.senders)];
  if (senders.length === 0) return [];
  const rows = await runSql<{ event: Record<string, unknown> }>(ctx, sql`
    select to_json(m) as event
    from unnest(${textArray(senders)}) as s(user_id)
    join lateral (${memberAt(input.roomId, sql`s.user_id`, sql`(${input.at.depth}, ${input.at.streamOrdering})`)}) m on true
    order by m.depth, m.stream_ordering`);
  return rows.map((r) => eventFromJson(r.event));
}

/**
 * The same lookup inside the page query, as the body of a CTE over the page CTE `p`, so that the
 * common case costs no second round trip: the events rows of every sender of the page's rows at the
 * page's first row. The page query serves them as rows after its own (load-events.ts). The caller
 * keeps the members of the senders it serves, and only when the first row is also the first event
 * it serves (else it asks lazyMembers for the exact position).
 */
export function lazyMembersCte(roomId: string): SQL {
  return sql`select m.* from (select distinct sender from p) s
    join lateral (${memberAt(roomId, sql`s.sender`, sql`(select depth, stream_ordering from p limit 1)`)}) m on true`;
}

/** The members lazyMembers would return, from the page query's superset (same order). */
export function keepMembers(members: StoredEvent[], senders: string[]): StoredEvent[] {
  const wanted = new Set(senders);
  return members.filter((m) => m.stateKey !== null && wanted.has(m.stateKey));
}
