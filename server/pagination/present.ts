import type { Ctx } from "../context";
import { serializeEvent, type SerializeExtras, type SerializeOptions } from "../events/serialize";
import { bundleAggregations } from "./aggregations";
import type { RoomAccess } from "./check-access";
import type { AnnotatedEvent } from "./load-events";
import { pruneContent } from "../events/redaction";
import { clientVerdict, membershipAfter } from "./visibility";

type Json = Record<string, unknown>;

/**
 * An erased sender's event as Synapse's prune_event leaves it: content pruned by the redaction
 * algorithm, and of unsigned only replaces_state (no prev_content, redaction, transaction id, and no
 * bundled aggregations, which Synapse skips for redacted events). The facts stay as loaded.
 */
function pruneForErasure(row: AnnotatedEvent, roomVersion: string): AnnotatedEvent {
  const event = { ...row.event, content: pruneContent(row.event.type, row.event.content, roomVersion), redactedBy: null };
  return { ...row, event, prev: null, redaction: null, transactionId: null, hasRelations: false, pruned: { replacesState: row.prev?.eventId ?? null } };
}

/**
 * Rejected events are never served; clients also get the §2.7 visibility pipeline (an erased
 * sender's event comes back pruned), admins nothing more.
 */
export function visibleTo(access: RoomAccess, rows: AnnotatedEvent[]): AnnotatedEvent[] {
  const viewer = access.viewer;
  if (viewer === null) return rows.filter((r) => r.event.rejectionReason === null);
  const out: AnnotatedEvent[] = [];
  for (const row of rows) {
    const verdict = clientVerdict(row.facts, viewer);
    if (verdict === "full") out.push(row);
    else if (verdict === "pruned") out.push(pruneForErasure(row, access.roomVersion));
  }
  return out;
}

/** An erased sender's pruned event keeps replaces_state (unsigned, and the v1 format's top-level copy). */
function keepReplacesState(row: AnnotatedEvent, out: Json, raw: boolean | undefined): Json {
  const replaces = row.pruned?.replacesState;
  if (replaces) {
    (out.unsigned as Json).replaces_state = replaces;
    if (!raw) out.replaces_state = replaces;
  }
  return out;
}

/** A row without page extras (the state of /context): its prev state, or what pruning kept. */
export function serializeRow(row: AnnotatedEvent, options: SerializeOptions, extras: SerializeExtras): Json {
  return keepReplacesState(row, serializeEvent(row.event, options, { ...extras, prev: row.prev }), extras.raw);
}

export function serializeOptions(ctx: Ctx, access: RoomAccess): SerializeOptions {
  return { now: ctx.clock.now(), roomVersion: access.roomVersion };
}

/** Serialises visible rows with prev state, redaction, transaction id, membership and bundled aggregations. */
export async function presentEvents(ctx: Ctx, access: RoomAccess, rows: AnnotatedEvent[], raw: boolean): Promise<Json[]> {
  if (rows.length === 0) return [];
  const options = serializeOptions(ctx, access);
  const client = access.viewer !== null;
  const related = rows.filter((r) => r.hasRelations);
  const bundles = await bundleAggregations(ctx, {
    events: related.map((r) => r.event),
    viewerId: access.userId,
    ignoredUsers: access.viewer?.ignoredUsers ?? new Set(),
    serialize: { ...options, raw },
  });
  const viewerId = client ? access.userId : null;
  return rows.map((row) => {
    const extras: SerializeExtras = {
      raw,
      admin: !client,
      prev: row.prev,
      transactionId: row.transactionId,
      membership: viewerId ? membershipAfter(row.facts, viewerId) : null,
      redactedBecause: row.redaction ? serializeEvent(row.redaction, options, { raw }) : null,
    };
    const out = keepReplacesState(row, serializeEvent(row.event, options, extras), raw);
    if (bundles.size === 0) return out;
    const bundle = bundles.get(row.event.eventId);
    if (bundle) (out.unsigned as Json)["m.relations"] = bundle;
    return out;
  });
}
