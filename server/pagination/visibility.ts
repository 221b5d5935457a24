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
  /** The sender is a GDPR-erased local user (§2.7 item 5). */
  senderErased: boolean;
}

/** How a client gets an event: not at all, in full, or pruned (erased sender, viewer not joined at it). */
export type Verdict = "hidden" | "full" | "pruned";

/**
 * §2.8: history visibility against the viewer's membership at the event: hidden, visible, or
 * visible because they were joined at it ("joined" matters only for erased senders, §2.7 item 5).
 */
export function historyVerdict(facts: VisibilityFacts, viewer: Viewer): "hidden" | "visible" | "joined" {
  let visibility = normaliseVisibility(facts.historyVisibility);
  if (facts.type === "m.room.history_visibility" && facts.stateKey === "") {
    const previous = normaliseVisibility(facts.prevContent?.history_visibility);
    if (VISIBILITIES.indexOf(previous) < VISIBILITIES.indexOf(visibility)) visibility = previous;
  }
  // The lax shortcut skips the membership lookup, so it is not taken for erased senders.
  if (!facts.senderErased && (visibility === "world_readable" || (visibility === "shared" && !viewer.isPeeking))) return "visible";
  let membership: string;
  if (facts.type === "m.room.member" && facts.stateKey === viewer.userId) {
    const next = normaliseMembership(facts.content.membership);
    const prev = normaliseMembership(facts.prevContent?.membership);
    if (next === "leave" && (prev === "join" || prev === "invite")) return "visible";
    membership = (MEMBERSHIP_RANK[next] ?? 0) >= (MEMBERSHIP_RANK[prev] ?? 0) ? next : prev;
  } else {
    membership = normaliseMembership(facts.viewerMembership);
  }
  if (membership === "join") return "joined";
  if (visibility === "joined") return "hidden";
  if (visibility === "invited") return membership === "invite" ? "visible" : "hidden";
  if (visibility === "shared" && viewer.isPeeking) return "hidden";
  return "visible"; // shared non-peeking, world_readable
}

/** §2.7 for a client: soft-failed, dummy, aliases, ignored senders, expired, outliers, history visibility, erased senders. */
export function clientVerdict(facts: VisibilityFacts, viewer: Viewer): Verdict {
  if (facts.rejected || facts.softFailed) return "hidden";
  if (facts.type === "m.room.dummy" || facts.type === "m.room.aliases") return "hidden";
  if (facts.stateKey === null && viewer.ignoredUsers.has(facts.sender)) return "hidden";
  if (isExpired(facts, viewer.retention, viewer.now)) return "hidden";
  if (facts.outlier) return facts.type === "m.room.member" && facts.stateKey === viewer.userId ? "full" : "hidden";
  if (viewer.upTo && after(facts, viewer.upTo)) return "hidden";
  const history = historyVerdict(facts, viewer);
  if (history === "hidden") return "hidden";
  if (facts.type === "m.call.invite" && facts.stateKey === null && facts.joinRule === "public") return "hidden";
  return facts.senderErased && history !== "joined" ? "pruned" : "full";
}

function after(a: { depth: number; streamOrdering: number }, b: { depth: number; streamOrdering: number }): boolean {
  return a.depth > b.depth || (a.depth === b.depth && a.streamOrdering > b.streamOrdering);
}

/** MSC4115 unsigned.membership: the viewer's membership after the event (own member events: their own). */
export function membershipAfter(facts: VisibilityFacts, viewerId: string): string {
  if (facts.type === "m.room.member" && facts.stateKey === viewerId) return normaliseMembership(facts.content.membership);
  return facts.viewerMembership === null ? "leave" : normaliseMembership(facts.viewerMembership);
}
