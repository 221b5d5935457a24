import type { SideRows } from "./batch-sql";
import { isLocalId } from "./ids";
import type { EventDraft, StoredEvent } from "./persist-events";
import { redactsOf } from "./redaction";

// The side rows of stored events (edges, relations, labels, redactions, txn ids, memberships,
// state history, retention policies), each carrying its room so several rooms share one statement.

function relationOf(content: Record<string, unknown>): { relType: string; eventId: string; key: string | null } | null {
  const rel = content["m.relates_to"];
  if (!rel || typeof rel !== "object" || Array.isArray(rel)) return null;
  const { rel_type: relType, event_id: eventId, key } = rel as Record<string, unknown>;
  if (typeof relType !== "string" || typeof eventId !== "string") return null;
  return { relType, eventId, key: typeof key === "string" ? key : null };
}

function labelsOf(content: Record<string, unknown>): string[] {
  const labels = content["org.matrix.labels"];
  if (!Array.isArray(labels)) return [];
  return [...new Set(labels.filter((l): l is string => typeof l === "string"))];
}

/** Synapse stores a retention policy only if it has a key and every present key is an integer. */
export function retentionPolicyOf(content: Record<string, unknown>): { min: number | null; max: number | null } | null {
  const hasMin = "min_lifetime" in content;
  const hasMax = "max_lifetime" in content;
  if (!hasMin && !hasMax) return null;
  const min = content.min_lifetime;
  const max = content.max_lifetime;
  if (hasMin && !Number.isSafeInteger(min)) return null;
  if (hasMax && !Number.isSafeInteger(max)) return null;
  return { min: hasMin ? (min as number) : null, max: hasMax ? (max as number) : null };
}

export function addSideRows(side: SideRows, stored: StoredEvent[], drafts: EventDraft[], serverName: string): void {
  stored.forEach((e, i) => {
    const id = e.eventId;
    const room_id = e.roomId;
    for (const prev of e.prevEvents) side.edges.push({ event_id: id, prev_event_id: prev, room_id });
    const rel = relationOf(e.content);
    if (rel) side.relations.push({ event_id: id, relates_to_id: rel.eventId, rel_type: rel.relType, aggregation_key: rel.key, room_id });
    for (const label of labelsOf(e.content)) side.labels.push({ event_id: id, label, room_id });
    const redacts = e.type === "m.room.redaction" ? redactsOf(e.content) : null;
    if (redacts) side.redactions.push({ event_id: id, redacts, room_id });
    const txn = drafts[i]?.txn;
    if (txn) side.txns.push({ event_id: id, user_id: e.sender, device_id: txn.deviceId, txn_id: txn.txnId, inserted_ts: e.receivedTs, room_id });
    if (e.stateKey !== null) stateRows(side, e, e.stateKey, serverName);
  });
}

function stateRows(side: SideRows, e: StoredEvent, stateKey: string, serverName: string): void {
  const id = e.eventId;
  // Outlier memberships are history too (purges demote members' events); rejected events are nothing.
  if (e.type === "m.room.member" && e.rejectionReason === null) {
    const membership = typeof e.content.membership === "string" ? e.content.membership : "leave";
    side.memberships.push({ event_id: id, user_id: stateKey, sender: e.sender, membership, is_local: isLocalId(stateKey, serverName), depth: e.depth, stream_ordering: e.streamOrdering, room_id: e.roomId });
  }
  if (!e.outlier && e.rejectionReason === null) {
    side.stateHistory.push({ event_id: id, type: e.type, state_key: stateKey, depth: e.depth, stream_ordering: e.streamOrdering, room_id: e.roomId });
  }
  const policy = e.type === "m.room.retention" && !e.outlier ? retentionPolicyOf(e.content) : null;
  if (policy) side.retention.push({ event_id: id, min_lifetime: policy.min, max_lifetime: policy.max, room_id: e.roomId });
}

