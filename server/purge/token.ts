/** A purge point: Synapse's topological token `t{depth}-{stream}` (the stream part is informational). */
export interface PurgePoint {
  depth: number;
  stream: number;
}

export function formatPurgeToken(point: PurgePoint): string {
  return `t${point.depth}-${point.stream}`;
}

const TOKEN = /^t(\d{1,16})-(-?\d{1,16})$/;

/** Parses `t5-12` (or `t5--3` for a backfilled boundary); null when malformed. */
export function parsePurgeToken(value: unknown): PurgePoint | null {
  if (typeof value !== "string") return null;
  const match = TOKEN.exec(value);
  if (!match) return null;
  const depth = Number(match[1]);
  const stream = Number(match[2]);
  return Number.isSafeInteger(depth) && Number.isSafeInteger(stream) ? { depth, stream } : null;
}
