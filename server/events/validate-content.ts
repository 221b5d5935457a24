import { MatrixError } from "../errors";

// Synapse's checks on locally created events (events/validator.py, validate_builder + validate_new):
// the same messages and codes, so clients see the errors they already handle.

export interface NewEventShape {
  roomId: string;
  type: string;
  /** null for non-state events. */
  stateKey: string | null;
  content: Record<string, unknown>;
}

const MEMBERSHIPS = ["invite", "join", "knock", "leave", "ban"];
// Canonical JSON's integer range (2^53 - 1).
const MAX_INT = Number.MAX_SAFE_INTEGER;

const unknown400 = (message: string) => new MatrixError("M_UNKNOWN", message, { status: 400 });
const badJson = (message: string) => new MatrixError("M_BAD_JSON", message);

function ensureStrings(content: Record<string, unknown>, keys: string[]): void {
  for (const key of keys) {
    if (!(key in content)) throw unknown400(`'${key}' not in content`);
    if (typeof content[key] !== "string") throw unknown400(`'${key}' not a string type`);
  }
}

function ensureState(event: NewEventShape): void {
  if (event.stateKey === null) throw unknown400(`'${event.type}' must be state events`);
}

/** A JSON integer as Synapse's `type(x) is int` sees it (booleans are not integers). */
function isJsonInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= MAX_INT;
}

export function validateRetention(event: NewEventShape): void {
  if (event.stateKey === null) throw unknown400("must be a state event");
  const min = event.content.min_lifetime;
  const max = event.content.max_lifetime;
  if (min !== undefined && min !== null && !isJsonInt(min)) throw badJson("'min_lifetime' must be an integer");
  if (max !== undefined && max !== null && !isJsonInt(max)) throw badJson("'max_lifetime' must be an integer");
  // Synapse's message, unbalanced quote included.
  if (isJsonInt(min) && isJsonInt(max) && min > max) throw badJson("'min_lifetime' can't be greater than 'max_lifetime");
}

function validatePowerLevels(content: Record<string, unknown>): void {
  for (const key of ["ban", "events_default", "invite", "kick", "redact", "state_default", "users_default"]) {
    if (key in content && !isJsonInt(content[key])) throw badJson(`"${key}": ${JSON.stringify(content[key])} is not of type 'integer'`);
  }
  for (const key of ["events", "notifications", "users"]) {
    if (!(key in content)) continue;
    const map = content[key];
    if (!map || typeof map !== "object" || Array.isArray(map)) throw badJson(`"${key}": ${JSON.stringify(map)} is not of type 'object'`);
    for (const [name, value] of Object.entries(map as Record<string, unknown>)) {
      if (!isJsonInt(value)) throw badJson(`"${name}": ${JSON.stringify(value)} is not of type 'integer'`);
    }
  }
}

function validateMentions(content: Record<string, unknown>): void {
  if (!("m.mentions" in content)) return;
  const mentions = content["m.mentions"];
  if (!mentions || typeof mentions !== "object" || Array.isArray(mentions)) throw badJson(`${JSON.stringify(mentions)} is not of type 'object'`);
  const { user_ids: userIds, room } = mentions as Record<string, unknown>;
  if (userIds !== undefined && (!Array.isArray(userIds) || userIds.some((u) => typeof u !== "string"))) {
    throw badJson(`${JSON.stringify(userIds)} is not of type 'array' of strings`);
  }
  if (room !== undefined && typeof room !== "boolean") throw badJson(`${JSON.stringify(room)} is not of type 'boolean'`);
}

/** Throws the Matrix error Synapse would answer for a locally created event with this content. */
export function validateEventContent(event: NewEventShape): void {
  const { content } = event;
  switch (event.type) {
    case "m.room.message":
      ensureStrings(content, ["body", "msgtype"]);
      break;
    case "m.room.topic":
      ensureStrings(content, ["topic"]);
      ensureState(event);
      break;
    case "m.room.name":
      ensureStrings(content, ["name"]);
      ensureState(event);
      break;
    case "m.room.member":
      if (!("membership" in content)) throw unknown400("Content has not membership key");
      if (typeof content.membership !== "string" || !MEMBERSHIPS.includes(content.membership)) throw unknown400("Invalid membership key");
      ensureState(event);
      break;
    case "m.room.tombstone":
      if (!("replacement_room" in content)) throw unknown400("Content has no replacement_room key");
      if (content.replacement_room === event.roomId) throw unknown400("Tombstone cannot reference the room it was sent in");
      ensureState(event);
      break;
    case "m.room.retention":
      validateRetention(event);
      break;
    case "m.room.power_levels":
      validatePowerLevels(content);
      break;
  }
  validateMentions(content);
}
