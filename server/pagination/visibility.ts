import { isExpired, type RetentionPolicy } from "../retention";

// History visibility (synapse-behaviour.md §2.7–2.8), as pure functions over facts the page query
// gathers for every event in one set-based pass.

export type HistoryVisibility = "world_readable" | "shared" | "invited" | "joined";

const VISIBILITIES: HistoryVisibility[] = ["world_readable", "shared", "invited", "joined"];
const MEMBERSHIP_RANK: Record<string, number> = { join: 4, invite: 3, knock: 2, leave: 1, ban: 0 };

export function normaliseVisibility(value: unknown): HistoryVisibility {
  return typeof value === "string" && (VISIBILITIES as string[]).includes(value) ? (value as HistoryVisibility) : "shared";
}

function normaliseMembership(value: unknown): string {
  return typeof value === "string" && value in MEMBERSHIP_RANK ? value : "leave";
}

/** What the viewer is allowed, fixed for one request. */
export interface Viewer {
  userId: string;
  /** Not currently a member nor departed-not-forgotten: reading a world-readable room. */
  isPeeking: boolean;
  ignoredUsers: ReadonlySet<string>;
  /** Departed users see nothing after their leave event (both directions, decisions.md). */
  upTo: { depth: number; streamOrdering: number } | null;
  retention: RetentionPolicy;
  now: number;
}

/** Facts about one event, from the page query. */
export interface VisibilityFacts {
  type: string;
  stateKey: string | null;
  sender: string;
  depth: number;
  streamOrdering: number;
  originServerTs: number;
  content: Record<string, unknown>;
  softFailed: boolean;
  rejected: boolean;
  outlier: boolean;
  /** history_visibility in the state after the event. */
  historyVisibility: unknown;
  /** Content of the state this event replaced (same type and key), if any. */
  prevContent: Record<string, unknown> | null;
  /** Viewer's membership in the state after the event. */
  viewerMembership: string | null;
  /** join_rule at the event (only looked up for m.call.invite). */
  joinRule: string | null;
}

/** §2.8: history visibility against the viewer's membership at the event. */
export function historyAllows(facts: VisibilityFacts, viewer: Viewer): boolean {
  let visibility = normaliseVisibility(facts.historyVisibility);
  if (facts.type === "m.room.history_visibility" && facts.stateKey === "") {
    const previous = normaliseVisibility(facts.prevContent?.history_visibility);
    if (VISIBILITIES.indexOf(previous) < VISIBILITIES.indexOf(visibility)) visibility = previous;
  }
  if (visibility === "world_readable") return true;
  if (visibility === "shared" && !viewer.isPeeking) return true;
  let membership: string;
  if (facts.type === "m.room.member" && facts.stateKey === viewer.userId) {
    const next = normaliseMembership(facts.content.membership);
    const prev = normaliseMembership(facts.prevContent?.membership);
    if (next === "leave" && (prev === "join" || prev === "invite")) return true;
    membership = (MEMBERSHIP_RANK[next] ?? 0) >= (MEMBERSHIP_RANK[prev] ?? 0) ? next : prev;
  } else {
    membership = normaliseMembership(facts.viewerMembership);
  }
  if (membership === "join") return true;
  if (visibility === "joined") return false;
  if (visibility === "invited") return membership === "invite";
  return false; // shared while peeking
}

/** §2.7 for a client: soft-failed, dummy, aliases, ignored senders, expired, outliers, history visibility. */
export function isVisibleToClient(facts: VisibilityFacts, viewer: Viewer): boolean {
  if (facts.rejected || facts.softFailed) return false;
  if (facts.type === "m.room.dummy" || facts.type === "m.room.aliases") return false;
  if (facts.stateKey === null && viewer.ignoredUsers.has(facts.sender)) return false;
  if (isExpired(facts, viewer.retention, viewer.now)) return false;
  if (facts.outlier) return facts.type === "m.room.member" && facts.stateKey === viewer.userId;
  if (viewer.upTo && after(facts, viewer.upTo)) return false;
  if (!historyAllows(facts, viewer)) return false;
  if (facts.type === "m.call.invite" && facts.stateKey === null && facts.joinRule === "public") return false;
  return true;
}

function after(a: { depth: number; streamOrdering: number }, b: { depth: number; streamOrdering: number }): boolean {
  return a.depth > b.depth || (a.depth === b.depth && a.streamOrdering > b.streamOrdering);
}

/** MSC4115 unsigned.membership: the viewer's membership after the event (own member events: their own). */
export function membershipAfter(facts: VisibilityFacts, viewerId: string): string {
  if (facts.type === "m.room.member" && facts.stateKey === viewerId) return normaliseMembership(facts.content.membership);
  return facts.viewerMembership === null ? "leave" : normaliseMembership(facts.viewerMembership);
}
