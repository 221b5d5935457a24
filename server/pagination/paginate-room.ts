import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { noBackfill, type Backfiller } from "./backfill";
import { accessFromRow, accessLookup, checkRoomAccess, type Raw, type RoomAccess, type ViewerInput } from "./check-access";
import { filterClauses } from "./filter";
import { decideBackfill } from "./gap-analysis";
import { keepMembers, lazyMembers } from "./lazy-members";
import { loadPage, type AnnotatedEvent, type LoadedPage } from "./load-events";
import { presentEvents, serializeOptions, visibleTo } from "./present";
import { DEFAULT_LIMIT, MAX_LIMIT, type RoomEventFilter } from "./schemas";
import { compareKeys, formatRoomKey, nextKey, parseTokenParam, START_KEY, type Direction, type RoomKey } from "./tokens";
import type { StoredEvent } from "../events";
import { serializeEvent } from "../events/serialize";
import { getRetentionPolicy, NO_POLICY, type RetentionPolicy } from "../retention";

export interface PaginateRoomInput {
  roomId: string;
  viewer: ViewerInput;
  /** Tokens as clients send them (bare room key or Synapse's underscore form). */
  from?: string | null;
  to?: string | null;
  dir?: Direction;
  limit?: number;
  filter?: RoomEventFilter | null;
  /** Federation (PDU) format. */
  raw?: boolean;
  backfiller?: Backfiller;
}

export interface PaginateRoomResult {
  chunk: Record<string, unknown>[];
  start: string;
  end?: string;
  state?: Record<string, unknown>[];
}

/** A bound on `e` from a token: tuple comparison for topological keys, stream only for live ones. */
export function keyBound(key: RoomKey, op: "<=" | ">" | "<"): SQL {
  const o = sql.raw(op);
  return key.kind === "topo"
    ? sql`(e.depth, e.stream_ordering) ${o} (${key.depth}, ${key.stream})`
    : sql`e.stream_ordering ${o} ${key.stream}`;
}

function defaultFrom(access: RoomAccess, dir: Direction): RoomKey {
  return dir === "f" ? START_KEY : { kind: "topo", depth: access.maxDepth, stream: access.maxStream };
}

/** §1.8: a `to` on the wrong side of `from` gives an empty page without `end`. */
function isEmptyRange(from: RoomKey, to: RoomKey | null, dir: Direction): boolean {
  if (!to) return false;
  return dir === "f" ? compareKeys(to, from) <= 0 : compareKeys(from, to) <= 0;
}

interface Position {
  from: RoomKey;
  start: string;
}

/** The effective `from` and the `start` echoed back: the default per direction, clamped at a departed user's leave (dir=b). */
function position(input: PaginateRoomInput, access: RoomAccess, dir: Direction): Position {
  const given = parseTokenParam(input.from, "from");
  const from = given ?? defaultFrom(access, dir);
  const upTo = access.viewer?.upTo;
  if (upTo && dir === "b") {
    const leave: RoomKey = { kind: "topo", depth: upTo.depth, stream: upTo.streamOrdering };
    if (compareKeys(from, leave) > 0) return { from: leave, start: formatRoomKey(leave) };
  }
  return { from, start: given && input.from ? input.from : formatRoomKey(from) };
}

/**
 * `types: []`, `senders: []` and `rooms: []` add no SQL in Synapse but reject every event in memory:
 * the rows still count, so the chunk is empty while `end` keeps moving until the rows run out.
 */
function rejectsAll(filter: RoomEventFilter | null): boolean {
  return filter?.types?.length === 0 || filter?.senders?.length === 0 || filter?.rooms?.length === 0;
}

function sqlFilter(filter: RoomEventFilter | null): RoomEventFilter | null {
  if (!filter) return null;
  const drop = <T>(list: T[] | undefined) => (list && list.length === 0 ? undefined : list);
  return { ...filter, types: drop(filter.types), senders: drop(filter.senders), rooms: drop(filter.rooms) };
}

/**
 * Bounds and filter as SQL on `e`, before the access check is known: the default backward `from`
 * and the departed user's bound (both directions) come from the access lookup run in the same
 * statement (load-events.ts), so the page costs one round trip.
 */
function bounds(input: PaginateRoomInput, dir: Direction, to: RoomKey | null): SQL[] {
  const given = parseTokenParam(input.from, "from");
  const where: SQL[] = [sql`not e.outlier`, ...filterClauses(sqlFilter(input.filter ?? null), input.roomId)];
  if (given) where.push(keyBound(given, dir === "b" ? "<=" : ">"));
  else if (dir === "f") where.push(keyBound(START_KEY, ">"));
  else where.push(sql`(e.depth, e.stream_ordering) <= (select coalesce(a_max_depth, 0), a_max_stream from a)`);
  if (to) where.push(keyBound(to, dir === "b" ? ">" : "<="));
  return where;
}

async function fetchRows(ctx: Ctx, input: PaginateRoomInput, where: SQL[], dir: Direction, limit: number) {
  const who = input.viewer;
  return loadPage(ctx, {
    roomId: input.roomId,
    where,
    order: dir === "b" ? "desc" : "asc",
    limit: limit + 1, // one more than asked: tells whether the page is "limited"
    viewerId: "admin" in who ? null : who.userId,
    deviceId: "admin" in who ? null : who.deviceId,
    access: { lookup: accessLookup(input.roomId, who.userId ?? ""), guard: !("admin" in who) },
    lazyMembers: input.filter?.lazy_load_members === true,
    raw: input.raw,
  });
}

/**
 * lazy_load_members: the page query brought every page sender's member event at the page's first
 * row; that is the answer when the first row is also the first event served (the usual case),
 * else the members are looked up at the first served event.
 */
async function membersFor(ctx: Ctx, input: PaginateRoomInput, fetched: LoadedPage, visible: AnnotatedEvent[]): Promise<StoredEvent[]> {
  const first = visible[0];
  if (!first) return [];
  const senders = visible.map((r) => r.event.sender);
  if (fetched.rows[0]?.event.eventId === first.event.eventId) return keepMembers(fetched.members, senders);
  return lazyMembers(ctx, { roomId: input.roomId, at: first.event, senders });
}

/** Access from the page's own lookup row; an empty page (or a refused viewer) asks separately. */
async function accessOf(ctx: Ctx, input: PaginateRoomInput, row: Raw | null, retention: RetentionPolicy): Promise<RoomAccess> {
  if (row === null) return checkRoomAccess(ctx, input.roomId, input.viewer);
  return accessFromRow(row, input.roomId, input.viewer, {}, retention, ctx.clock.now());
}

/** Backwards pages may wait for (or start) a backfill; re-read only if it fetched something. */
async function maybeBackfill(ctx: Ctx, input: PaginateRoomInput, p: Position, rows: AnnotatedEvent[], limit: number): Promise<boolean> {
  const decision = decideBackfill({ dir: input.dir ?? "f", depths: rows.slice(0, limit).map((r) => r.event.depth), limit });
  if (decision === "none") return false;
  const backfiller = input.backfiller ?? noBackfill;
  const request = { roomId: input.roomId, currentDepth: p.from.kind === "topo" ? p.from.depth : Number.MAX_SAFE_INTEGER, limit };
  if (decision === "foreground") return (await backfiller.backfill(ctx, request)).fetched;
  void backfiller.backfill(ctx, request).catch((error: unknown) => ctx.logger.warn("background backfill failed", { roomId: input.roomId, error: String(error) }));
  return false;
}

/**
 * GET /rooms/{roomId}/messages (client and admin): one page of the room's timeline in topological
 * order, visibility applied for clients, with `start`/`end` tokens as Synapse (§1–§2, decisions.md).
 */
export async function paginateRoom(ctx: Ctx, input: PaginateRoomInput): Promise<PaginateRoomResult> {
  const dir = input.dir ?? "f";
  const limit = Math.min(Math.max(0, input.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  parseTokenParam(input.from, "from");
  const to = parseTokenParam(input.to, "to");
  const where = bounds(input, dir, to);
  // The retention policy is a query only when retention is enabled: run it beside the page.
  const [fetched, retention] = await Promise.all([
    fetchRows(ctx, input, where, dir, limit),
    "admin" in input.viewer ? NO_POLICY : getRetentionPolicy(ctx, input.roomId),
  ]);
  const access = await accessOf(ctx, input, fetched.accessRow, retention);
  const p = position(input, access, dir);
  if (isEmptyRange(p.from, to, dir)) return { chunk: [], start: p.start };
  let page = fetched;
  if (await maybeBackfill(ctx, { ...input, dir }, p, page.rows, limit)) page = await fetchRows(ctx, input, where, dir, limit);
  const rows = page.rows;
  const limited = rows.length > limit;
  const served = rows.slice(0, limit);
  const last = served[served.length - 1];
  if (!last) return limited ? { chunk: [], start: p.start, end: formatRoomKey(to ?? p.from) } : { chunk: [], start: p.start };
  const end = formatRoomKey(nextKey(last.event, dir));
  const visible = rejectsAll(input.filter ?? null) ? [] : visibleTo(access, served);
  const chunk = await presentEvents(ctx, access, visible, input.raw ?? false);
  const result: PaginateRoomResult = { chunk, start: p.start, end };
  if (input.filter?.lazy_load_members) {
    const members = await membersFor(ctx, input, page, visible);
    const options = serializeOptions(ctx, access);
    if (members.length > 0) result.state = members.map((m) => serializeEvent(m, options, { raw: input.raw }));
  }
  return result;
}
