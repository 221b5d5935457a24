/** Synapse's BACKFILL_BECAUSE_TOO_MANY_GAPS_THRESHOLD. */
export const TOO_MANY_GAPS = 3;

export type BackfillDecision = "foreground" | "background" | "none";

/**
 * §3.1: whether a backwards page should wait for backfill. Walk the distinct depths returned:
 * a step > 1 is a gap, a step > 2 a big gap. Block on backfill for a big gap, more than 3 gaps, or
 * a short page; otherwise backfill in the background. Forwards pages never backfill.
 */
export function decideBackfill(input: { dir: "b" | "f"; depths: number[]; limit: number }): BackfillDecision {
  if (input.dir === "f") return "none";
  if (input.depths.length < input.limit) return "foreground";
  const depths = [...new Set(input.depths)].sort((a, b) => a - b);
  let gaps = 0;
  for (let i = 1; i < depths.length; i++) {
    const step = (depths[i] ?? 0) - (depths[i - 1] ?? 0);
    if (step > 2) return "foreground";
    if (step > 1) gaps++;
  }
  return gaps > TOO_MANY_GAPS ? "foreground" : "background";
}
