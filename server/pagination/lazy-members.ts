import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import type { StoredEvent } from "../events";
import { eventFromJson } from "./aggregations";
import { eventColumns, eventFromColumns, pageCtes, type PageSelection } from "./load-events";
import { runSql, runSqlValues } from "./run-sql";
import { textArray } from "./sql-arrays";

/** The newest m.room.member event of `user` at or before `at`, as a lateral subquery body. */
function memberAt(roomId: string, user: SQL, at: SQL): SQL {
  return sql`select h.event_id from room_state_history h
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
    select to_json(ev) as event
    from unnest(${textArray(senders)}) as s(user_id)
    join lateral (${memberAt(input.roomId, sql`s.user_id`, sql`(${input.at.depth}, ${input.at.streamOrdering})`)}) m on true
    join events ev on ev.event_id = m.event_id
    order by ev.depth, ev.stream_ordering`);
  return rows.map((r) => eventFromJson(r.event));
}

/** The member events of every sender of a page, at the page's first row, as the page query selects it. */
export interface PageMembers {
  /** The page's first row (null: no rows): the position the members are taken at. */
  firstEventId: string | null;
  /** Every sender of the page's rows. */
  senders: Set<string>;
  members: StoredEvent[];
}

/**
 * The lookup for a whole page, as a statement of its own over the same selection (pageCtes), sent
 * beside the page query so that it costs no round trip of its own, and PostgreSQL may run both at
 * once. A row per sender of the page (member columns null when it has none), as plain columns: no
 * JSON to build and parse. The caller keeps the answer only for the page it got (membersOfPage: two
 * statements are two snapshots); else it asks lazyMembers for the exact position.
 */
export async function loadPageMembers(ctx: Ctx, selection: PageSelection): Promise<PageMembers> {
  const rows = await runSqlValues(ctx, sql`
    with ${pageCtes(selection)}, f as (select event_id, depth, stream_ordering from p limit 1)
    select (select event_id from f), s.sender, ${eventColumns("ev")}
    from (select distinct sender from p) s
    left join lateral (${memberAt(selection.roomId, sql`s.sender`, sql`(select depth, stream_ordering from f)`)}) m on true
    left join events ev on ev.event_id = m.event_id
    order by ev.depth, ev.stream_ordering`);
  const members = rows.filter((r) => r[2] !== null).map((r) => eventFromColumns(r, 2, selection.roomId));
  return { firstEventId: rows[0] ? String(rows[0][0]) : null, senders: new Set(rows.map((r) => String(r[1]))), members };
}

/**
 * The members lazyMembers would return for the served events, taken from the page's superset (same
 * order); null when the answer is not theirs: another snapshot's page (another first row, or a
 * served sender it did not see), or a first row that is not the first event served.
 */
export function membersOfPage(page: PageMembers, firstRowId: string | undefined, served: Array<{ eventId: string; sender: string }>): StoredEvent[] | null {
  const first = served[0];
  if (!first || page.firstEventId !== firstRowId || first.eventId !== firstRowId) return null;
  const wanted = new Set(served.map((e) => e.sender));
  for (const sender of wanted) if (!page.senders.has(sender)) return null;
  return page.members.filter((m) => m.stateKey !== null && wanted.has(m.stateKey));
}
