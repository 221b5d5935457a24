// What the console shows of rooms and events: plain objects, built on the server from core results.

export interface RoomSummary {
  roomId: string;
  name: string | null;
  topic: string | null;
  canonicalAlias: string | null;
  roomVersion: string;
  creator: string | null;
  createdTs: number;
  published: boolean;
  eventCount: number;
  lastActivityTs: number | null;
  historyVisibility: string;
  joinRule: string;
  members: { join: number; invite: number; leave: number; ban: number; local: number };
  stateEvents: number;
  retention: { minLifetime: number | null; maxLifetime: number | null } | null;
}

/** A Matrix ClientEvent as /messages serves it (the fields the timeline reads). */
export interface TimelineEvent {
  event_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  state_key?: string;
  content: Record<string, unknown>;
  redacts?: string;
  unsigned?: { redacted_because?: unknown; redacted_by?: string; [key: string]: unknown };
}

/** The parts of a RoomEventFilter the console's timeline sets (passed to the core as is). */
export interface TimelineFilter {
  types?: string[];
  not_types?: string[];
  senders?: string[];
  contains_url?: boolean;
}

/** Where the timeline opens: the newest event, an event in context, or the first event at a date (ms). */
export interface TimelineView {
  filter: TimelineFilter;
  event: string | null;
  at: number | null;
}

/** An event with what the console adds: the retention "expired" mark and reaction counts. */
export interface TimelineItem {
  event: TimelineEvent;
  expired: boolean;
  reactions: { key: string; count: number }[];
}

/** One page, newest first; `older`/`newer` are the tokens to page on (null: nothing more that way). */
export interface TimelinePage {
  items: TimelineItem[];
  older: string | null;
  newer: string | null;
  /** The event the view opened on (permalink or jump to date). */
  anchor: string | null;
}

export interface MemberRow {
  userId: string;
  membership: string;
  displayname: string | null;
  isLocal: boolean;
  sinceTs: number;
}

export interface RoomListItem {
  roomId: string;
  name: string | null;
  canonicalAlias: string | null;
  events: number;
  joinedMembers: number;
  joinedLocalMembers: number;
  historyVisibility: string | null;
  isPublic: boolean;
  blocked: boolean;
  hasRetention: boolean;
  lastActivityTs: number | null;
}

export interface RoomListPage {
  rooms: RoomListItem[];
  total: number;
}
