import type { Ctx } from "../context";
import { serializeEvent, type SerializeOptions } from "../events/serialize";
import { bundleAggregations } from "./aggregations";
import type { RoomAccess } from "./check-access";
import type { AnnotatedEvent } from "./load-events";
import { isVisibleToClient, membershipAfter } from "./visibility";

type Json = Record<string, unknown>;

/** Rejected events are never served; clients also get the §2.7 visibility pipeline, admins nothing more. */
export function visibleTo(access: RoomAccess, rows: AnnotatedEvent[]): AnnotatedEvent[] {
  const viewer = access.viewer;
  if (viewer === null) return rows.filter((r) => r.event.rejectionReason === null);
  return rows.filter((r) => isVisibleToClient(r.facts, viewer));
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
  return rows.map((row) => {
    const txn = row.txn;
    const sameDevice = txn !== null && txn.userId === access.userId && row.event.sender === access.userId && txn.deviceId === access.deviceId;
    const out = serializeEvent(row.event, options, {
      raw,
      prev: row.prev,
      admin: !client,
      transactionId: sameDevice ? txn.txnId : null,
      membership: client && access.userId ? membershipAfter(row.facts, access.userId) : null,
      redactedBecause: row.redaction ? serializeEvent(row.redaction, options, { raw }) : null,
    });
    const bundle = bundles.get(row.event.eventId);
    if (bundle) (out.unsigned as Json)["m.relations"] = bundle;
    return out;
  });
}
