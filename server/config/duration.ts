// Synapse's duration syntax: an integer of milliseconds, or a number followed by s, m, h, d, w or y.
const UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export function parseDuration(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : null;
  if (typeof value !== "string") return null;
  const match = /^(\d+)\s*([smhdwy]?)$/.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2] ? UNITS[match[2]] : 1;
  return unit === undefined ? null : amount * unit;
}

export function formatDuration(ms: number): string {
  for (const unit of ["y", "w", "d", "h", "m", "s"] as const) {
    const size = UNITS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
