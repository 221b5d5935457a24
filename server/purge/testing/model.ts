import { pruneContent } from "../../events/redaction";
import type { Row } from "./db-state";

export interface ModelPurge {
  roomId: string;
  depth: number;
  deleteLocalEvents: boolean;
}

interface Ev {
  event_id: string;
  room_id: string;
  depth: number;
  outlier: boolean;
  state_key: string | null;
  is_local: boolean;
  type: string;
  content: Record<string, unknown>;
  redacted_by: string | null;
}

const EVENT_KEYED = ["event_edges", "event_forward_extremities", "event_relations", "redactions", "event_labels", "event_txn_ids", "room_state_history", "current_state", "room_memberships", "room_retention"];

/**
 * The purge rule of §4.4 applied in memory to a snapshot of the tables: what the database must
 * look like afterwards. Written from the spec, independently of the SQL implementation.
 */
export function applyPurgeModel(before: Record<string, Row[]>, purge: ModelPurge): { after: Record<string, Row[]>; deleted: Set<string>; demoted: Set<string> } {
  const events = (before.events ?? []) as unknown as Ev[];
  const inRoom = events.filter((e) => e.room_id === purge.roomId);
  const deletable = (e: Ev) => e.state_key === null && (purge.deleteLocalEvents || !e.is_local);
  const candidates = inRoom.filter((e) => e.depth < purge.depth && (!e.outlier || deletable(e)));
  const candidateIds = new Set(candidates.map((e) => e.event_id));
  const deleted = new Set(candidates.filter(deletable).map((e) => e.event_id));
  const demoted = new Set(candidates.filter((e) => !deletable(e) && !e.outlier).map((e) => e.event_id));
  const after: Record<string, Row[]> = {};
  for (const [table, rows] of Object.entries(before)) {
    after[table] = EVENT_KEYED.includes(table) ? rows.filter((r) => !deleted.has(String(r.event_id))) : [...rows];
  }
  const room = (before.rooms ?? []).find((r) => r.room_id === purge.roomId);
  const roomVersion = String(room?.room_version ?? "10");
  const redactionTargets = new Map((before.redactions ?? []).map((r) => [String(r.event_id), String(r.redacts)]));
  after.events = events
    .filter((e) => !deleted.has(e.event_id))
    .map((e) => {
      const out: Row = { ...e };
      if (demoted.has(e.event_id)) out.outlier = true;
      // A surviving event whose redaction is purged stays redacted, with its content pruned for good.
      if (e.redacted_by && deleted.has(e.redacted_by) && redactionTargets.get(e.redacted_by) === e.event_id) {
        out.content = pruneContent(e.type, e.content, roomVersion);
      }
      return out;
    });
  if (candidates.length === 0) return { after, deleted, demoted };
  const edges = before.event_edges ?? [];
  const backward = new Set<string>();
  for (const edge of edges) {
    if (edge.room_id !== purge.roomId) continue;
    if (candidateIds.has(String(edge.prev_event_id)) && !candidateIds.has(String(edge.event_id))) backward.add(String(edge.prev_event_id));
  }
  after.event_backward_extremities = [
    ...(before.event_backward_extremities ?? []).filter((r) => r.room_id !== purge.roomId),
    ...[...backward].map((id) => ({ room_id: purge.roomId, event_id: id })),
  ];
  const depthOf = new Map(after.events.map((e) => [String(e.event_id), Number(e.depth)]));
  const pointing = (after.event_edges ?? [])
    .filter((edge) => edge.room_id === purge.roomId && backward.has(String(edge.prev_event_id)))
    .map((edge) => depthOf.get(String(edge.event_id)))
    .filter((d): d is number => d !== undefined);
  after.rooms = (before.rooms ?? []).map((r) =>
    r.room_id === purge.roomId
      ? { ...r, event_count: Number(r.event_count) - deleted.size, min_depth: pointing.length > 0 ? Math.min(...pointing) : 0 }
      : r,
  );
  return { after, deleted, demoted };
}
