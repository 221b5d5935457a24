import { MatrixError } from "../errors";

/** A position in a room's topological order: the gap just after the event it names. */
export type RoomKey = { kind: "stream"; stream: number } | { kind: "topo"; depth: number; stream: number };

export type Direction = "b" | "f";

const INT = /^-?\d{1,16}$/;
const UINT = /^\d{1,16}$/;
/** Synapse pads to 13 underscore-separated fields; more is invalid. */
const MAX_PARTS = 13;

function safeInt(text: string, pattern: RegExp): number | null {
  if (!pattern.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** `s5`, `t4-7`, `t5--3` (negative stream), `m5~1.7` (multi-writer: its minimum position is used). */
export function parseRoomKey(text: string): RoomKey | null {
  const kind = text[0];
  const rest = text.slice(1);
  if (kind === "s") {
    const stream = safeInt(rest, INT);
    return stream === null ? null : { kind: "stream", stream };
  }
  if (kind === "t") {
    const dash = rest.indexOf("-");
    if (dash < 0) return null;
    const depth = safeInt(rest.slice(0, dash), UINT);
    const stream = safeInt(rest.slice(dash + 1), INT);
    return depth === null || stream === null ? null : { kind: "topo", depth, stream };
  }
  if (kind === "m") return parseMultiWriter(rest);
  return null;
}

function parseMultiWriter(rest: string): RoomKey | null {
  const [minText = "", ...writers] = rest.split("~");
  const min = safeInt(minText, INT);
  if (min === null) return null;
  for (const writer of writers) {
    if (writer === "") continue; // legacy tokens such as "m5~"
    const [id = "", pos = "", ...extra] = writer.split(".");
    const position = safeInt(pos, INT);
    if (extra.length > 0 || safeInt(id, UINT) === null || position === null || position <= min) return null;
  }
  return { kind: "stream", stream: min };
}

/**
 * A pagination token: a bare room key, or Synapse's underscore form (room key first, up to 13 parts;
 * the other fields are ignored). Null when unparsable.
 */
export function parseToken(text: string): RoomKey | null {
  const parts = text.split("_");
  if (parts.length > MAX_PARTS) return null;
  return parseRoomKey(parts[0] ?? "");
}

/** Scrollback emits bare room keys (decisions.md). */
export function formatRoomKey(key: RoomKey): string {
  return key.kind === "topo" ? `t${key.depth}-${key.stream}` : `s${key.stream}`;
}

export const START_KEY: RoomKey = { kind: "stream", stream: 0 };

/** The `from`/`to` query value as a key; absent, empty or the legacy "END" → null (use the default). */
export function parseTokenParam(value: string | null | undefined, name: "from" | "to"): RoomKey | null {
  if (value === null || value === undefined || value === "" || (name === "from" && value === "END")) return null;
  const key = parseToken(value);
  if (!key) throw new MatrixError("M_UNKNOWN", `'${name}' parameter is invalid`);
  return key;
}

/** Token for the gap before the next page, built from the last row of this page (§1.5). */
export function nextKey(last: { depth: number; streamOrdering: number }, dir: Direction): RoomKey {
  return { kind: "topo", depth: last.depth, stream: dir === "b" ? last.streamOrdering - 1 : last.streamOrdering };
}

/** Position comparison: tuple when both are topological, else stream parts only (Synapse's live tokens). */
export function compareKeys(a: RoomKey, b: RoomKey): number {
  if (a.kind === "topo" && b.kind === "topo") return a.depth - b.depth || a.stream - b.stream;
  return a.stream - b.stream;
}
