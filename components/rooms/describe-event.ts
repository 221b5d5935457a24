import type { TimelineEvent } from "./types";

const str = (value: unknown) => (typeof value === "string" ? value : "");
const clip = (text: string, max = 280) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function isRedacted(event: TimelineEvent): boolean {
  return Boolean(event.unsigned?.redacted_because ?? event.unsigned?.redacted_by);
}

/** A one-line, human description of an event for the timeline. */
export function describeEvent(event: TimelineEvent): string {
  const c = event.content;
  if (isRedacted(event)) return "Message deleted";
  switch (event.type) {
    case "m.room.message": {
      const body = clip(str(c.body));
      return c.msgtype === "m.emote" ? `* ${body}` : body;
    }
    case "m.reaction": {
      const rel = (c["m.relates_to"] ?? {}) as Record<string, unknown>;
      return `reacted ${str(rel.key)}`;
    }
    case "m.room.redaction":
      return `deleted an event${str(c.reason) ? ` (${str(c.reason)})` : ""}`;
    case "m.room.member":
      return describeMembership(event);
    case "m.room.name":
      return `renamed the room to “${str(c.name)}”`;
    case "m.room.topic":
      return `changed the topic to “${clip(str(c.topic), 120)}”`;
    case "m.room.create":
      return "created the room";
    case "m.room.history_visibility":
      return `set history visibility to ${str(c.history_visibility)}`;
    case "m.room.join_rules":
      return `set the join rule to ${str(c.join_rule)}`;
    case "m.room.canonical_alias":
      return `set the main address to ${str(c.alias) || "nothing"}`;
    case "m.room.retention":
      return `set a retention policy (${c.max_lifetime ? `max ${Math.round(Number(c.max_lifetime) / 86_400_000)} days` : "no maximum"})`;
    case "m.room.power_levels":
      return "changed power levels";
    default:
      return event.state_key !== undefined ? `set ${event.type}` : event.type;
  }
}

function describeMembership(event: TimelineEvent): string {
  const target = event.state_key ?? "";
  const reason = str(event.content.reason) ? ` (${str(event.content.reason)})` : "";
  const self = target === event.sender;
  switch (event.content.membership) {
    case "join":
      return "joined";
    case "invite":
      return `invited ${target}`;
    case "leave":
      return self ? "left" : `kicked ${target}${reason}`;
    case "ban":
      return `banned ${target}${reason}`;
    case "knock":
      return "knocked";
    default:
      return `membership of ${target}: ${str(event.content.membership)}`;
  }
}

/** Edit, thread reply or reply: a small label beside the line. */
export function relationLabel(event: TimelineEvent): string | null {
  const rel = event.content["m.relates_to"];
  if (!rel || typeof rel !== "object") return null;
  const r = rel as Record<string, unknown>;
  if (r.rel_type === "m.replace") return "edit";
  if (r.rel_type === "m.thread") return "thread";
  if (r["m.in_reply_to"]) return "reply";
  return null;
}

/** A fixed, locale-free format: the server and the browser render the same text. */
export function formatTs(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace("T", " ");
}
