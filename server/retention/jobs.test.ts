import { describe, expect, it } from "vitest";
import { parseConfig, ConfigError } from "../config";
import { describeGap, findUncoveredLifetimes } from "./coverage";
import { clampMaxLifetime, includesNull, jobKeyOf, purgeJobsOf, purgeMaxLifetime } from "./jobs";
import { nextPlannedRun, plannedRunsBetween, runIdOf } from "./schedule";

const DAY = 86_400_000;
const job = (shortest: number | null, longest: number | null) => ({ shortestMaxLifetime: shortest, longestMaxLifetime: longest });
const retention = (input: Record<string, unknown>) => parseConfig({ retention: input }).retention;

describe("retention config (Synapse's retention: keys and errors)", () => {
  it("parses ms integers and 1d-style strings, and defaults to one daily job without bounds", () => {
    const r = retention({
      enabled: true,
      default_policy: { min_lifetime: "1d", max_lifetime: 259_200_000 },
      allowed_lifetime_min: "12h",
      allowed_lifetime_max: "1w",
    });
    expect(r.default_policy).toEqual({ min_lifetime: DAY, max_lifetime: 3 * DAY });
    expect([r.allowed_lifetime_min, r.allowed_lifetime_max]).toEqual([DAY / 2, 7 * DAY]);
    expect(r.purge_jobs).toEqual([{ shortest_max_lifetime: null, longest_max_lifetime: null, interval: DAY }]);
    expect(retention({ purge_jobs: [{ longest_max_lifetime: "1y", interval: "30m" }] }).purge_jobs).toEqual([
      { shortest_max_lifetime: null, longest_max_lifetime: 365 * DAY, interval: 1_800_000 },
    ]);
  });

  it("treats an empty retention: section and null keys as unset", () => {
    const r = parseConfig({ retention: null }).retention;
    expect(r.enabled).toBe(false);
    expect(r.default_policy).toEqual({ min_lifetime: null, max_lifetime: null });
    expect(retention({ default_policy: null, purge_jobs: null }).purge_jobs).toHaveLength(1);
  });

  it.each([
    [{ default_policy: { min_lifetime: "2d", max_lifetime: "1d" } }, "retention.default_policy: The default retention policy's 'min_lifetime' can not be greater than its 'max_lifetime'"],
    [{ allowed_lifetime_min: "3d", allowed_lifetime_max: "1d" }, "retention: Invalid retention policy limits: 'allowed_lifetime_min' can not be greater than 'allowed_lifetime_max'"],
    [{ purge_jobs: [{ shortest_max_lifetime: "1d" }] }, "retention.purge_jobs.0: A retention policy's purge jobs configuration must have the 'interval' key set."],
    [
      { purge_jobs: [{ interval: "1d" }, { shortest_max_lifetime: "7d", longest_max_lifetime: "1d", interval: "1h" }] },
      "retention.purge_jobs.1: A retention policy's purge jobs configuration's 'shortest_max_lifetime' value can not be greater than its 'longest_max_lifetime' value.",
    ],
    [{ purge_jobs: [{ interval: 0 }] }, "retention.purge_jobs.0: A retention policy's purge jobs configuration's 'interval' must be greater than 0."],
    [{ default_policy: { max_lifetime: "3 days" } }, "retention.default_policy.max_lifetime: not a duration: 3 days"],
  ])("rejects %j", (input, message) => {
    expect(() => retention(input)).toThrow(ConfigError);
    expect(() => retention(input)).toThrow(message);
  });
});

describe("purge job maths", () => {
  it("keys jobs by bounds and interval and collapses duplicates", () => {
    const jobs = purgeJobsOf(retention({ purge_jobs: [{ longest_max_lifetime: "1d", interval: "12h" }, { shortest_max_lifetime: "1d", interval: "1d" }, { longest_max_lifetime: "1d", interval: "12h" }] }));
    expect(jobs.map((j) => j.key)).toEqual(["job:*..1d/12h", "job:1d..*/1d"]);
    expect(jobKeyOf({ shortestMaxLifetime: 90_000, longestMaxLifetime: null, interval: 1500 })).toBe("job:90s..*/1500ms");
  });

  it("include_null follows Synapse: a default max that lies in (shortest, longest]", () => {
    expect(includesNull(job(null, null), null)).toBe(false);
    expect(includesNull(job(null, null), DAY)).toBe(true);
    expect(includesNull(job(DAY, null), DAY)).toBe(false); // shortest >= default
    expect(includesNull(job(DAY - 1, null), DAY)).toBe(true);
    expect(includesNull(job(null, DAY), DAY)).toBe(true); // longest == default is inside
    expect(includesNull(job(null, DAY - 1), DAY)).toBe(false);
  });

  it("clamps to allowed_lifetime_min first, then allowed_lifetime_max; a stored 0 falls back to the default", () => {
    const r = retention({ default_policy: { max_lifetime: "3d" }, allowed_lifetime_min: "1d", allowed_lifetime_max: "3d" });
    expect(clampMaxLifetime(3_600_000, r)).toBe(DAY);
    expect(clampMaxLifetime(4 * DAY, r)).toBe(3 * DAY);
    expect(purgeMaxLifetime(2 * DAY, r)).toBe(2 * DAY);
    expect(purgeMaxLifetime(null, r)).toBe(3 * DAY);
    expect(purgeMaxLifetime(0, r)).toBe(3 * DAY);
    expect(purgeMaxLifetime(null, retention({}))).toBeNull();
  });
});

describe("uncovered lifetimes", () => {
  it("finds no gap when one job has no lower and one no upper bound and they meet", () => {
    expect(findUncoveredLifetimes([job(null, DAY), job(DAY, null)])).toEqual([]);
    expect(findUncoveredLifetimes([job(null, null)])).toEqual([]);
  });

  it("names the gaps between, below and above the jobs", () => {
    const gaps = findUncoveredLifetimes([job(2 * DAY, 7 * DAY), job(DAY / 2, DAY), job(14 * DAY, 30 * DAY)]);
    expect(gaps).toEqual([
      { from: 0, to: DAY / 2 },
      { from: DAY, to: 2 * DAY },
      { from: 7 * DAY, to: 14 * DAY },
      { from: 30 * DAY, to: null },
    ]);
    expect(gaps.map(describeGap)).toEqual(["0 < max_lifetime <= 12h", "1d < max_lifetime <= 2d", "1w < max_lifetime <= 2w", "max_lifetime > 30d"]);
  });

  it("handles overlapping jobs", () => {
    expect(findUncoveredLifetimes([job(null, 5 * DAY), job(DAY, 3 * DAY), job(4 * DAY, null)])).toEqual([]);
  });
});

describe("schedule", () => {
  it("aligns runs to the epoch so every instance plans the same times and ids", () => {
    expect(nextPlannedRun(DAY, 10 * DAY + 5)).toBe(11 * DAY);
    expect(nextPlannedRun(DAY, 11 * DAY)).toBe(12 * DAY); // strictly after
    expect(plannedRunsBetween(6 * 3_600_000, DAY, 2 * DAY)).toEqual([DAY + 6 * 3_600_000, DAY + 12 * 3_600_000, DAY + 18 * 3_600_000, 2 * DAY]);
    expect(runIdOf("job:*..*/1d", 11 * DAY)).toBe(`job:*..*/1d@${11 * DAY}`);
  });
});
