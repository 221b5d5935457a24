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

export interface TimelinePage {
  chunk: TimelineEvent[];
  start: string;
  end?: string;
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
