import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { noBackfill, type Backfiller } from "./backfill";
import { checkRoomAccess, type RoomAccess, type ViewerInput } from "./check-access";
import { filterClauses } from "./filter";
import { decideBackfill } from "./gap-analysis";
import { lazyMembers } from "./lazy-members";
import { loadAnnotated, type AnnotatedEvent } from "./load-events";
import { presentEvents, serializeOptions, visibleTo } from "./present";
import { DEFAULT_LIMIT, MAX_LIMIT, type RoomEventFilter } from "./schemas";
import { compareKeys, formatRoomKey, nextKey, parseTokenParam, START_KEY, type Direction, type RoomKey } from "./tokens";
import { serializeEvent } from "../events/serialize";

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

interface Plan {
  from: RoomKey;
  start: string;
  where: SQL[];
}

/** Bounds, the departed-user clamp (both directions) and the filter, as SQL on `e`. */
function plan(input: PaginateRoomInput, access: RoomAccess, dir: Direction, to: RoomKey | null): Plan {
  const given = parseTokenParam(input.from, "from");
  let from = given ?? defaultFrom(access, dir);
  let start = given && input.from ? input.from : formatRoomKey(from);
  const where: SQL[] = [sql`not e.outlier`, ...filterClauses(input.filter ?? null, input.roomId)];
  const upTo = access.viewer?.upTo;
  if (upTo) {
    const leave: RoomKey = { kind: "topo", depth: upTo.depth, stream: upTo.streamOrdering };
    if (dir === "b" && compareKeys(from, leave) > 0) {
      from = leave;
      start = formatRoomKey(leave);
    }
    where.push(keyBound(leave, "<="));
  }
  where.push(keyBound(from, dir === "b" ? "<=" : ">"));
  if (to) where.push(keyBound(to, dir === "b" ? ">" : "<="));
  return { from, start, where };
}

async function fetchRows(ctx: Ctx, input: PaginateRoomInput, access: RoomAccess, p: Plan, dir: Direction, limit: number) {
  return loadAnnotated(ctx, {
    roomId: input.roomId,
    where: p.where,
    order: dir === "b" ? "desc" : "asc",
    limit: limit + 1, // one more than asked: tells whether the page is "limited"
    viewerId: access.viewer ? access.userId : null,
  });
}

/** Backwards pages may wait for (or start) a backfill; re-read only if it fetched something. */
async function maybeBackfill(ctx: Ctx, input: PaginateRoomInput, p: Plan, rows: AnnotatedEvent[], limit: number): Promise<boolean> {
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
  const access = await checkRoomAccess(ctx, input.roomId, input.viewer);
  const p = plan(input, access, dir, to);
  if (isEmptyRange(p.from, to, dir)) return { chunk: [], start: p.start };
  let rows = await fetchRows(ctx, input, access, p, dir, limit);
  if (await maybeBackfill(ctx, { ...input, dir }, p, rows, limit)) rows = await fetchRows(ctx, input, access, p, dir, limit);
  const limited = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  if (!last) return limited ? { chunk: [], start: p.start, end: formatRoomKey(to ?? p.from) } : { chunk: [], start: p.start };
  const end = formatRoomKey(nextKey(last.event, dir));
  const visible = visibleTo(access, page);
  const chunk = await presentEvents(ctx, access, visible, input.raw ?? false);
  const result: PaginateRoomResult = { chunk, start: p.start, end };
  const first = visible[0];
  if (input.filter?.lazy_load_members && first) {
    const members = await lazyMembers(ctx, { roomId: input.roomId, at: first.event, senders: visible.map((r) => r.event.sender) });
    const options = serializeOptions(ctx, access);
    if (members.length > 0) result.state = members.map((m) => serializeEvent(m, options, { raw: input.raw }));
  }
  return result;
}
