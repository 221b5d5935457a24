import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import type { StoredEvent } from "../events";
import { eventFromJson } from "./aggregations";
import { lazyMembersCte } from "./lazy-members";
import { runSqlValues } from "./run-sql";
import type { VisibilityFacts } from "./visibility";

/** An event with everything visibility and serialisation need, gathered for a whole page at once. */
export interface AnnotatedEvent {
  event: StoredEvent;
  facts: VisibilityFacts;
  /** The state event this one replaced (same type and key). */
  prev: { eventId: string; sender: string; content: Record<string, unknown>; redacted: boolean } | null;
  /** The redaction that redacted this event (redacted_because). */
  redaction: StoredEvent | null;
  /** The client transaction id, loaded only for the viewer's own events sent from their device. */
  transactionId: string | null;
  /** A bundling relation (reference, edit, thread) points at this one: aggregations are worth a query. */
  hasRelations: boolean;
  /** Set when served pruned for an erased sender (present.ts): what Synapse's prune_event keeps of unsigned. */
  pruned?: { replacesState: string | null };
}

export interface LoadInput {
  roomId: string;
  /** Conditions on `e` (events) selecting the rows. */
  where: SQL[];
  order: "asc" | "desc";
  limit: number | null;
  /** Null for admins: no membership lookups. */
  viewerId: string | null;
  /** The viewer's device: their own events sent from it carry their transaction id (none without). */
  deviceId?: string | null;
  /** lazy_load_members: the member events of the page's senders at its first row, as rows after the page's (lazy-members.ts). */
  lazyMembers?: boolean;
  /**
   * The federation format is asked for: load prev_events, which no other format shows (left empty
   * otherwise: parsing and sending them for every row is a tenth of a page's cost).
   */
  raw?: boolean;
  /**
   * The access lookup (check-access.ts) run in the same statement: its row is joined to every page
   * row, and with `guard` the page is empty unless the viewer may read and stops at their leave.
   */
  access?: { lookup: SQL; guard: boolean };
}

type Raw = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * The page query's select list, in order: rows come back as arrays (runSqlValues) and are read by
 * these positions. The room id is left out: every row is of the room asked for.
 */
const EVENT_COLUMNS = [
  "event_id",
  "stream_ordering",
  "depth",
  "type",
  "state_key",
  "sender",
  "content",
  "prev_events",
  "origin_server_ts",
  "received_ts",
  "is_local",
  "outlier",
  "rejection_reason",
  "soft_failed",
  "contains_url",
  "redacted_by",
] as const;
const ANNOTATION_COLUMNS = [
  "has_bundled_relations",
  "prev_event_id",
  "prev_sender",
  "prev_content",
  "prev_redacted_by",
  "join_rule",
  "redaction",
  "txn_id",
  // What the page needs once (visibility changes, access lookup, erased senders) as one JSON
  // object on one row; null on the others.
  "page",
] as const;
type Column = (typeof EVENT_COLUMNS)[number] | (typeof ANNOTATION_COLUMNS)[number];
const AT = Object.fromEntries([...EVENT_COLUMNS, ...ANNOTATION_COLUMNS].map((c, i) => [c, i])) as Record<Column, number>;
/** With lazy members, a last column tells their rows (true) from the page's (false). */
const MEMBER = EVENT_COLUMNS.length + ANNOTATION_COLUMNS.length;
const NO_ANNOTATIONS = sql.raw(ANNOTATION_COLUMNS.map(() => "null").join(", "));

/**
 * The event columns read from row `row` as a StoredEvent, starting at column `at` (positional
 * reads: this runs for every row of a page).
 */
function eventFromColumns(row: unknown[], at: number, roomId: string): StoredEvent {
  return {
    eventId: String(row[at + AT.event_id]),
    roomId,
    streamOrdering: Number(row[at + AT.stream_ordering]),
    depth: Number(row[at + AT.depth]),
    type: String(row[at + AT.type]),
    stateKey: str(row[at + AT.state_key]),
    sender: String(row[at + AT.sender]),
    content: (row[at + AT.content] ?? {}) as Record<string, unknown>,
    prevEvents: (row[at + AT.prev_events] ?? []) as string[],
    originServerTs: Number(row[at + AT.origin_server_ts]),
    receivedTs: Number(row[at + AT.received_ts]),
    isLocal: row[at + AT.is_local] === true,
    outlier: row[at + AT.outlier] === true,
    rejectionReason: str(row[at + AT.rejection_reason]),
    softFailed: row[at + AT.soft_failed] === true,
    containsUrl: row[at + AT.contains_url] === true,
    redactedBy: str(row[at + AT.redacted_by]),
  };
}

/** The columns eventFromColumns reads, of the events row aliased `alias` (prev_events null unless `raw`). */
function eventColumns(alias: string, raw: boolean | undefined): SQL {
  return sql.raw(EVENT_COLUMNS.map((c) => (c === "prev_events" && !raw ? "null" : `${alias}.${c}`)).join(", "));
}

/** Newest state row for (type, key) at or before the page row p, as a lateral subquery body. */
function stateAt(type: SQL, key: SQL, strict: boolean, guard: SQL): SQL {
  const cmp = strict ? sql`<` : sql`<=`;
  return sql`select ev.event_id, ev.sender, ev.content, ev.redacted_by
    from room_state_history h join events ev on ev.event_id = h.event_id
    where ${guard} and h.room_id = p.room_id and h.type = ${type} and h.state_key = ${key}
      and (h.depth, h.stream_ordering) ${cmp} (p.depth, p.stream_ordering)
    order by h.depth desc, h.stream_ordering desc limit 1`;
}

/**
 * One query: the selected rows (limit applied first), each with the state it replaced, the history
 * visibility and the viewer's membership in the state after it, the join rule for m.call.invite,
 * its redaction and the viewer's transaction id. Index probes per row, no per-event round trips.
 */
export async function loadAnnotated(ctx: Ctx, input: LoadInput): Promise<AnnotatedEvent[]> {
  return (await loadPage(ctx, input)).rows;
}

export interface LoadedPage {
  rows: AnnotatedEvent[];
  /** The access lookup row when `input.access` asked for it (null: no rows). */
  accessRow: Raw | null;
  /** With `input.lazyMembers`: the member events of every sender of `rows` at the first row. */
  members: StoredEvent[];
}

/** What rides on one row of the page (the `page` column). */
interface PageExtras {
  changes: Change[] | null;
  access: Raw | null;
  erased: string[] | null;
}

/** loadAnnotated, plus what rides on the page: the access lookup, and the lazy-loaded members' rows. */
export async function loadPage(ctx: Ctx, input: LoadInput): Promise<LoadedPage> {
  const all = await runSqlValues(ctx, annotatedQuery(input));
  const rows = input.lazyMembers ? all.filter((r) => r[MEMBER] !== true) : all;
  const members = input.lazyMembers ? all.filter((r) => r[MEMBER] === true).map((r) => eventFromColumns(r, 0, input.roomId)) : [];
  members.sort(topological);
  const annotated = inOrder(rows.map((row) => annotate(row, input.roomId)), input.order);
  // The page extras sit on one row, not necessarily the first of the output.
  const page = (rows.find((r) => r[AT.page] !== null && r[AT.page] !== undefined)?.[AT.page] ?? null) as PageExtras | null;
  resolveVisibility(annotated, page?.changes ?? []);
  markErased(annotated, page?.erased ?? []);
  return { rows: annotated, accessRow: page?.access ?? null, members };
}

const topological = (a: StoredEvent, b: StoredEvent) => a.depth - b.depth || a.streamOrdering - b.streamOrdering;

/** The page rows in the page's order: as they came (the first branch of a UNION ALL keeps its ORDER BY in practice, not by contract). */
function inOrder(rows: AnnotatedEvent[], order: "asc" | "desc"): AnnotatedEvent[] {
  const sign = order === "asc" ? 1 : -1;
  const byOrder = (a: AnnotatedEvent, b: AnnotatedEvent) => sign * topological(a.event, b.event);
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    if (a && b && byOrder(a, b) > 0) return rows.sort(byOrder);
  }
  return rows;
}

/** History-visibility and viewer-membership changes over the page's span, plus the one in force at its start. */
function changesOver(roomId: string, type: SQL, key: SQL, kind: string, field: string): SQL {
  const lo = sql`(select depth, stream_ordering from span where edge = 'lo')`;
  const hi = sql`(select depth, stream_ordering from span where edge = 'hi')`;
  const row = (where: SQL, tail: SQL) => sql`(select ${kind}::text as kind, ev.content->>${field} as value, h.depth, h.stream_ordering as stream
      from room_state_history h join events ev on ev.event_id = h.event_id
      where h.room_id = ${roomId} and h.type = ${type} and h.state_key = ${key} and ${where} ${tail})`;
  return sql`${row(sql`(h.depth, h.stream_ordering) <= ${lo}`, sql`order by h.depth desc, h.stream_ordering desc limit 1`)}
    union all ${row(sql`(h.depth, h.stream_ordering) > ${lo} and (h.depth, h.stream_ordering) <= ${hi}`, sql``)}`;
}

/**
 * §2.7 item 5, for clients only: which of the page's senders are erased local users, on one row. A
 * probe per distinct sender of the partial index of erased users (usually empty), not of users.
 */
const erasedSenders = sql`(select array_agg(u.user_id) from users u where u.erased and u.user_id in (select sender from p))`;

/**
 * The viewer's own events sent from their device carry the transaction id: only those are probed
 * (a CASE runs its subquery only when the sender matches; a join would probe every row).
 */
function transactionId(viewerId: string | null, deviceId: string | null | undefined): SQL {
  if (viewerId === null || !deviceId) return sql`null`;
  return sql`case when p.sender = ${viewerId} then (select tx.txn_id from event_txn_ids tx
      where tx.event_id = p.event_id and tx.user_id = ${viewerId} and tx.device_id = ${deviceId}) end`;
}

/** The page query itself (exported for EXPLAIN in the benchmark). */
export function annotatedQuery(input: LoadInput): SQL {
  const dir = sql.raw(input.order);
  const access = input.access;
  const guards = access?.guard ? [sql`(select a_allowed from a)`, sql`(e.depth, e.stream_ordering) <= (select a_up_depth, a_up_stream from a)`] : [];
  const where = sql.join([sql`e.room_id = ${input.roomId}`, ...input.where, ...guards], sql` and `);
  const limit = input.limit === null ? sql`` : sql`limit ${input.limit}`;
  const viewer = input.viewerId;
  // Visibility facts change rarely along a page: compute the changes once (CTE ch, over the page's
  // span) and carry them on one row, rather than probing the state history for every row.
  const chCte =
    viewer === null
      ? sql``
      : sql`, ch as materialized (select json_agg(c) as j from (
          ${changesOver(input.roomId, sql`'m.room.history_visibility'`, sql`''`, "hv", "history_visibility")}
          union all ${changesOver(input.roomId, sql`'m.room.member'`, sql`${viewer}`, "m", "membership")}) c)`;
  // Lazy-loaded members come as rows after the page's (same columns, no annotations, flagged in a
  // last column): no JSON to build and parse, and one statement on one snapshot. No ORDER BY over
  // both (a sort of every wide row again): loadPage checks the page rows' order.
  const lazy = input.lazyMembers === true;
  const lmCte = lazy ? sql`, lm as materialized (${lazyMembersCte(input.roomId)})` : sql``;
  const [open, close] = lazy ? [sql`(`, sql`) union all select ${eventColumns("lm", input.raw)}, ${NO_ANNOTATIONS}, true from lm`] : [sql``, sql``];
  return sql`
    with ${access ? sql`a as materialized (${access.lookup}),` : sql``} p as materialized (
      select e.* from events e where ${where}
      order by e.depth ${dir}, e.stream_ordering ${dir} ${limit}
    )${viewer === null ? sql`` : sql`, span as materialized (
      (select 'lo' as edge, depth, stream_ordering from p order by depth, stream_ordering limit 1)
      union all (select 'hi', depth, stream_ordering from p order by depth desc, stream_ordering desc limit 1))`} ${chCte} ${lmCte}
    ${open}select ${eventColumns("p", input.raw)}, p.has_bundled_relations,
      prev.event_id, prev.sender, prev.content, prev.redacted_by,
      jr.content->>'join_rule',
      case when r.event_id is not null then to_json(r) end,
      ${transactionId(viewer, input.deviceId)},
      case when p.event_id = (select event_id from p limit 1) then json_build_object(
        'changes', ${viewer === null ? sql`null` : sql`(select j from ch)`},
        'access', ${access ? sql`(select row_to_json(a) from a)` : sql`null`},
        'erased', ${viewer === null ? sql`null` : erasedSenders}) end ${lazy ? sql`, false` : sql``}
    from p
    left join lateral (${stateAt(sql`p.type`, sql`p.state_key`, true, sql`p.state_key is not null`)}) prev on true
    left join lateral (${stateAt(sql`'m.room.join_rules'`, sql`''`, false, sql`p.type = 'm.call.invite'`)}) jr on true
    left join events r on r.event_id = p.redacted_by
    order by p.depth ${dir}, p.stream_ordering ${dir}${close}`;
}

interface Change {
  kind: string;
  value: string | null;
  depth: number;
  stream: number;
}

/** The value of the newest change at or before each row (rows and changes are few; changes sorted once). */
function valueAt(changes: Change[], kind: string, at: { depth: number; streamOrdering: number }): string | null {
  let value: string | null = null;
  for (const c of changes) {
    if (c.kind !== kind) continue;
    if (c.depth > at.depth || (c.depth === at.depth && c.stream > at.streamOrdering)) break;
    value = c.value;
  }
  return value;
}

function resolveVisibility(rows: AnnotatedEvent[], raw: Change[]): void {
  const changes = raw.map((c) => ({ ...c, depth: Number(c.depth), stream: Number(c.stream) }));
  changes.sort((a, b) => a.depth - b.depth || a.stream - b.stream);
  for (const row of rows) {
    row.facts.historyVisibility = valueAt(changes, "hv", row.event);
    row.facts.viewerMembership = valueAt(changes, "m", row.event);
  }
}

function markErased(rows: AnnotatedEvent[], erased: string[]): void {
  if (erased.length === 0) return;
  const senders = new Set(erased);
  for (const row of rows) row.facts.senderErased = senders.has(row.event.sender);
}

function annotate(row: unknown[], roomId: string): AnnotatedEvent {
  const event = eventFromColumns(row, 0, roomId);
  const prevId = row[AT.prev_event_id];
  const prev =
    prevId === null || prevId === undefined
      ? null
      : {
          eventId: String(prevId),
          sender: String(row[AT.prev_sender]),
          content: (row[AT.prev_content] ?? {}) as Record<string, unknown>,
          redacted: row[AT.prev_redacted_by] !== null,
        };
  const redaction = row[AT.redaction];
  return {
    event,
    prev,
    redaction: redaction === null || redaction === undefined ? null : eventFromJson(redaction as Raw),
    transactionId: str(row[AT.txn_id]),
    hasRelations: row[AT.has_bundled_relations] === true,
    facts: {
      type: event.type,
      stateKey: event.stateKey,
      sender: event.sender,
      depth: event.depth,
      streamOrdering: event.streamOrdering,
      originServerTs: event.originServerTs,
      content: event.content,
      softFailed: event.softFailed,
      rejected: event.rejectionReason !== null,
      outlier: event.outlier,
      historyVisibility: null,
      prevContent: prev?.content ?? null,
      viewerMembership: null,
      joinRule: str(row[AT.join_rule]),
      senderErased: false, // markErased
    },
  };
}
