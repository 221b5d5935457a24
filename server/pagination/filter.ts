import { sql, type SQL } from "drizzle-orm";
import type { RoomEventFilter } from "./schemas";
import { textArray } from "./sql-arrays";

// A RoomEventFilter becomes SQL on the page query (alias `e` for events), so a page is one query and
// `limit`/`end` count exactly the rows that match. `*` means "any run of characters" and `_`/`%`
// are literal, in SQL and in memory alike (decisions.md).

/** A type pattern as a LIKE pattern (backslash escapes). */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%");
}

/** The same pattern, in memory. */
export function matchesPattern(value: string, pattern: string): boolean {
  const regex = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
  return new RegExp(`^${regex}$`).test(value);
}


function typeMatch(patterns: string[]): SQL {
  const exact = patterns.filter((p) => !p.includes("*"));
  const wild = patterns.filter((p) => p.includes("*"));
  const parts: SQL[] = [];
  if (exact.length > 0) parts.push(sql`e.type = any(${textArray(exact)})`);
  for (const p of wild) parts.push(sql`e.type like ${likePattern(p)}`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** True when the filter can match no event of this room (e.g. `senders: []`, room excluded). */
export function filterExcludesRoom(filter: RoomEventFilter | null, roomId: string): boolean {
  if (!filter) return false;
  if (filter.rooms && !filter.rooms.includes(roomId)) return true;
  if (filter.not_rooms?.includes(roomId)) return true;
  return false;
}

/** SQL conditions on `e` for every RoomEventFilter field that selects events. */
export function filterClauses(filter: RoomEventFilter | null, roomId: string): SQL[] {
  if (!filter) return [];
  if (filterExcludesRoom(filter, roomId)) return [sql`false`];
  const out: SQL[] = [];
  if (filter.types) out.push(typeMatch(filter.types));
  if (filter.not_types && filter.not_types.length > 0) out.push(sql`not ${typeMatch(filter.not_types)}`);
  if (filter.senders) out.push(filter.senders.length === 0 ? sql`false` : sql`e.sender = any(${textArray(filter.senders)})`);
  if (filter.not_senders && filter.not_senders.length > 0) out.push(sql`e.sender <> all(${textArray(filter.not_senders)})`);
  if (filter.contains_url === true) out.push(sql`e.contains_url`);
  if (filter.contains_url === false) out.push(sql`not e.contains_url`);
  out.push(...labelClauses(filter), ...relationClauses(filter));
  return out;
}

function labelClauses(filter: RoomEventFilter): SQL[] {
  const out: SQL[] = [];
  const labels = filter["org.matrix.labels"];
  const notLabels = filter["org.matrix.not_labels"];
  if (labels) {
    out.push(sql`exists (select 1 from event_labels l where l.event_id = e.event_id and l.label = any(${textArray(labels)}))`);
  }
  if (notLabels && notLabels.length > 0) {
    out.push(sql`not exists (select 1 from event_labels l where l.event_id = e.event_id and l.label = any(${textArray(notLabels)}))`);
  }
  return out;
}

function relationClauses(filter: RoomEventFilter): SQL[] {
  const out: SQL[] = [];
  const senders = filter.related_by_senders;
  const relTypes = filter.related_by_rel_types;
  if (senders || relTypes) {
    // One relation pointing at the event must satisfy both lists (Synapse joins a single relation row).
    const conds: SQL[] = [sql`r.relates_to_id = e.event_id`];
    if (relTypes) conds.push(sql`r.rel_type = any(${textArray(relTypes)})`);
    const join = senders ? sql`join events re on re.event_id = r.event_id and re.sender = any(${textArray(senders)})` : sql``;
    out.push(sql`exists (select 1 from event_relations r ${join} where ${sql.join(conds, sql` and `)})`);
  }
  const own = filter["org.matrix.msc3874.rel_types"];
  const notOwn = filter["org.matrix.msc3874.not_rel_types"];
  if (own) out.push(sql`exists (select 1 from event_relations r where r.event_id = e.event_id and r.rel_type = any(${textArray(own)}))`);
  if (notOwn && notOwn.length > 0) {
    out.push(sql`not exists (select 1 from event_relations r where r.event_id = e.event_id and r.rel_type = any(${textArray(notOwn)}))`);
  }
  return out;
}

/** The same selection in memory (reference model, /context's anchor-free checks). */
export function matchesFilter(
  event: { roomId: string; type: string; sender: string; containsUrl: boolean; labels: string[] },
  filter: RoomEventFilter | null,
): boolean {
  if (!filter) return true;
  if (filterExcludesRoom(filter, event.roomId)) return false;
  if (filter.types && !filter.types.some((p) => matchesPattern(event.type, p))) return false;
  if (filter.not_types?.some((p) => matchesPattern(event.type, p))) return false;
  if (filter.senders && !filter.senders.includes(event.sender)) return false;
  if (filter.not_senders?.includes(event.sender)) return false;
  if (filter.contains_url !== undefined && filter.contains_url !== event.containsUrl) return false;
  const labels = filter["org.matrix.labels"];
  if (labels && !labels.some((l) => event.labels.includes(l))) return false;
  if (filter["org.matrix.not_labels"]?.some((l) => event.labels.includes(l))) return false;
  return true;
}
