import { randomBytes } from "node:crypto";

// Matrix identifier grammar (client-server spec, "Identifier grammar"), kept lenient on historical
// user localparts as servers must be.
const SERVER_NAME = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

export function isValidServerName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && SERVER_NAME.test(name);
}

function splitId(id: string, sigil: string): { local: string; server: string } | null {
  if (typeof id !== "string" || !id.startsWith(sigil) || id.length > 255) return null;
  const colon = id.indexOf(":");
  if (colon < 0) return null;
  const local = id.slice(1, colon);
  const server = id.slice(colon + 1);
  if (!isValidServerName(server)) return null;
  return { local, server };
}

export function isValidUserId(id: string): boolean {
  const parts = splitId(id, "@");
  return parts !== null && parts.local.length > 0 && /^[\x21-\x39\x3B-\x7E]+$/.test(parts.local);
}

/** Room ids must start with "!"; if they carry a domain it must be valid (Synapse's check). */
export function isValidRoomId(id: string): boolean {
  if (typeof id !== "string" || !id.startsWith("!") || id.length < 2 || id.length > 255) return false;
  const colon = id.indexOf(":");
  if (colon < 0) return true;
  return colon > 1 && isValidServerName(id.slice(colon + 1));
}

export function isValidRoomAlias(alias: string): boolean {
  const parts = splitId(alias, "#");
  return parts !== null && parts.local.length > 0 && !/[\s:]/.test(parts.local);
}

export function isValidEventId(id: string): boolean {
  return typeof id === "string" && id.startsWith("$") && id.length > 1 && id.length <= 255 && !/\s/.test(id);
}

export function serverNameOf(id: string): string {
  const colon = id.indexOf(":");
  return colon < 0 ? "" : id.slice(colon + 1);
}

export function localpartOf(id: string): string {
  const colon = id.indexOf(":");
  return id.slice(1, colon < 0 ? undefined : colon);
}

export function isLocalId(id: string, serverName: string): boolean {
  return serverNameOf(id) === serverName;
}

const ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Random ASCII letters, as Synapse's random_string (task ids, purge ids, room ids). */
export function randomLetters(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHA[byte % ALPHA.length];
  return out;
}

export function newRoomId(serverName: string): string {
  return `!${randomLetters(18)}:${serverName}`;
}

/** Room v4+ style event ids: "$" + 43 url-safe base64 characters. */
export function newEventId(): string {
  return `$${randomBytes(32).toString("base64url").slice(0, 43)}`;
}
