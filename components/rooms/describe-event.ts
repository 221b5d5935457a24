import { formatDuration } from "../tasks/format";
import type { TimelineEvent } from "./types";

type Json = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : "");
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});
const clip = (text: string, max = 280) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function isRedacted(event: TimelineEvent): boolean {
  return Boolean(event.unsigned?.redacted_because ?? event.unsigned?.redacted_by);
}

const relations = (event: TimelineEvent) => obj(event.unsigned?.["m.relations"]);

/** The latest edit bundled with the event (m.replace), if any. */
export function latestEdit(event: TimelineEvent): { content: Json; ts: number; eventId: string } | null {
  const edit = obj(relations(event)["m.replace"]);
  if (!edit.event_id) return null;
  const content = obj(obj(edit.content)["m.new_content"]);
  return { content, ts: Number(edit.origin_server_ts ?? 0), eventId: str(edit.event_id) };
}

/** The thread under a root: how many replies and the latest one. */
export function threadSummary(event: TimelineEvent): { count: number; latestSender: string; latestBody: string } | null {
  const thread = obj(relations(event)["m.thread"]);
  if (typeof thread.count !== "number") return null;
  const latest = obj(thread.latest_event);
  return { count: thread.count, latestSender: str(latest.sender), latestBody: clip(str(obj(latest.content).body), 120) };
}

/** A message's text by msgtype, from its latest edit when edited. */
export function describeMessage(content: Json): string {
  const body = clip(str(content.body));
  switch (content.msgtype) {
    case "m.emote":
      return `* ${body}`;
    case "m.notice":
      return `[notice] ${body}`;
    case "m.image":
    case "m.file":
    case "m.video":
    case "m.audio": {
      const kind = str(content.msgtype).slice(2);
      const name = str(content.filename) || body || "unnamed";
      const size = Number(obj(content.info).size);
      return `${kind}: ${name}${Number.isFinite(size) && size > 0 ? ` (${formatBytes(size)})` : ""}`;
    }
    case "m.location":
      return `location: ${body}`;
    default:
      return body;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Message-like events carry user content, which the console can blur. */
export function isUserContent(event: TimelineEvent): boolean {
  return event.type === "m.room.message" || event.type === "m.sticker";
}

/** A one-line, human description of an event for the timeline. */
export function describeEvent(event: TimelineEvent): string {
  const c = event.content;
  if (isRedacted(event)) return `Deleted (${event.type})`;
  switch (event.type) {
    case "m.room.message":
      return describeMessage(latestEdit(event)?.content ?? c);
    case "m.sticker":
      return `sticker: ${clip(str(c.body))}`;
    case "m.room.encrypted":
      return "an encrypted message";
    case "m.reaction":
      return `reacted ${str(obj(c["m.relates_to"]).key)} to ${str(obj(c["m.relates_to"]).event_id)}`;
    case "m.room.redaction":
      return `deleted ${str(event.redacts ?? c.redacts) || "an event"}${str(c.reason) ? ` (${str(c.reason)})` : ""}`;
    case "m.room.member":
      return describeMembership(event);
    default:
      return describeState(event);
  }
}

function describeState(event: TimelineEvent): string {
  const c = event.content;
  switch (event.type) {
    case "m.room.name":
      return str(c.name) ? `renamed the room to “${str(c.name)}”` : "removed the room name";
    case "m.room.topic":
      return `changed the topic to “${clip(str(c.topic), 120)}”`;
    case "m.room.avatar":
      return "changed the room avatar";
    case "m.room.create":
      return `created the room (version ${str(c.room_version) || "1"})`;
    case "m.room.history_visibility":
      return `set history visibility to ${str(c.history_visibility)}`;
    case "m.room.join_rules":
      return `set the join rule to ${str(c.join_rule)}`;
    case "m.room.guest_access":
      return `set guest access to ${str(c.guest_access)}`;
    case "m.room.canonical_alias":
      return `set the main address to ${str(c.alias) || "nothing"}`;
    case "m.room.encryption":
      return `turned on encryption (${str(c.algorithm)})`;
    case "m.room.tombstone":
      return `replaced this room with ${str(c.replacement_room)}`;
    case "m.room.server_acl":
      return "changed the server access list";
    case "m.room.pinned_events":
      return `pinned ${Array.isArray(c.pinned) ? c.pinned.length : 0} events`;
    case "m.room.retention":
      return `set a retention policy (${c.max_lifetime ? `max ${formatDuration(Number(c.max_lifetime))}` : "no maximum"})`;
    case "m.room.power_levels":
      return "changed power levels";
    default:
      return event.state_key !== undefined ? `set ${event.type}${event.state_key ? ` for ${event.state_key}` : ""}` : event.type;
  }
}

function describeMembership(event: TimelineEvent): string {
  const target = event.state_key ?? "";
  const c = event.content;
  const prev = obj(event.unsigned?.prev_content);
  const reason = str(c.reason) ? ` (${str(c.reason)})` : "";
  const self = target === event.sender;
  switch (c.membership) {
    case "join":
      if (prev.membership === "join") return str(c.displayname) !== str(prev.displayname) ? `changed their display name to “${str(c.displayname)}”` : "updated their profile";
      return str(c.displayname) ? `joined as “${str(c.displayname)}”` : "joined";
    case "invite":
      return `invited ${target}${reason}`;
    case "leave":
      if (prev.membership === "ban") return `unbanned ${target}`;
      if (prev.membership === "invite") return self ? `rejected the invite${reason}` : `withdrew the invite of ${target}${reason}`;
      return self ? `left${reason}` : `kicked ${target}${reason}`;
    case "ban":
      return `banned ${target}${reason}`;
    case "knock":
      return `knocked${reason}`;
    default:
      return `membership of ${target}: ${str(c.membership)}`;
  }
}

/** Edit, thread reply or reply: a small label beside the line. */
export function relationLabel(event: TimelineEvent): string | null {
  const r = obj(event.content["m.relates_to"]);
  if (r.rel_type === "m.replace") return "edit";
  if (r.rel_type === "m.thread") return "in thread";
  if (r["m.in_reply_to"]) return "reply";
  return null;
}

/** A fixed, locale-free format: the server and the browser render the same text. */
export function formatTs(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace("T", " ");
}
