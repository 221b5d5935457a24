// Formatting shared by the retention, tasks and audit pages. Times are shown in UTC so that what
// the server rendered and what the browser renders agree (no hydration mismatch) and operators on
// different continents read the same clock.

/** 2026-11-25 17:12:18 UTC */
export function formatTime(ts: number | null | undefined): string {
  if (ts === null || ts === undefined) return "—";
  return `${new Date(ts).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const UNITS: Array<[ms: number, unit: string]> = [
  [365 * 86_400_000, "y"],
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "m"],
  [1000, "s"],
];

/** 30d, 1h 30m, 500ms; null as "none". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "none";
  if (ms === 0) return "0";
  const parts: string[] = [];
  let rest = ms;
  for (const [size, unit] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (parts.length === 0) return `${ms}ms`;
  return parts.join(" ");
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}
