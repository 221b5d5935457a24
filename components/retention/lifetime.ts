// The policy editor's lifetimes: what people type ("30d", "12h", "90s", "1500" ms) to milliseconds.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

export type ParsedLifetime = { ok: true; ms: number | null } | { ok: false; error: string };

/** Empty means "not set" (null). */
export function parseLifetime(text: string): ParsedLifetime {
  const value = text.trim().toLowerCase();
  if (value === "") return { ok: true, ms: null };
  const match = /^(\d+)\s*(ms|s|m|h|d|w|y)?$/.exec(value);
  if (!match) return { ok: false, error: "Use a number with a unit: 90s, 12h, 30d, 1y (no unit: milliseconds)." };
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1);
  if (!Number.isSafeInteger(ms)) return { ok: false, error: "That lifetime is too long." };
  return { ok: true, ms };
}
