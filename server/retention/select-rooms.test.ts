import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { describeRoomRetention } from "./describe-room-retention";
import { purgeJobsOf } from "./jobs";
import { selectRoomsForJob } from "./select-rooms";
import { DAY, HOUR, roomWithPolicy, setPolicy, withConfig } from "./test-helpers";

const app = await createTestApp();
const base = app.ctx("system:test");
const alice = "@alice:test";

// Rooms by stored policy. A: none; B: min only (null max); C: 12h; D: 3d; E: 30d; F: exactly 1d
// (a lower bound is exclusive); G: exactly 7d (an upper bound is inclusive); I: `{}` (not stored,
// like A); K: 3d then 30d (only the current policy counts, like E).
const rooms: Record<string, string> = {};

beforeAll(async () => {
  rooms.A = await roomWithPolicy(base, alice, null);
  rooms.B = await roomWithPolicy(base, alice, { min_lifetime: HOUR });
  rooms.C = await roomWithPolicy(base, alice, { max_lifetime: 12 * HOUR });
  rooms.D = await roomWithPolicy(base, alice, { max_lifetime: 3 * DAY });
  rooms.E = await roomWithPolicy(base, alice, { max_lifetime: 30 * DAY });
  rooms.F = await roomWithPolicy(base, alice, { max_lifetime: DAY });
  rooms.G = await roomWithPolicy(base, alice, { max_lifetime: 7 * DAY });
  rooms.I = await roomWithPolicy(base, alice, {});
  rooms.K = await roomWithPolicy(base, alice, { max_lifetime: 3 * DAY });
  await setPolicy(base, rooms.K, alice, { max_lifetime: 30 * DAY });
});

const JOBS = {
  none: {},
  minOnly: { shortest_max_lifetime: "1d" },
  maxOnly: { longest_max_lifetime: "7d" },
  both: { shortest_max_lifetime: "1d", longest_max_lifetime: "7d" },
} as const;
const DEFAULTS = { none: null, inside: "3d", below: "12h", above: "30d" } as const;

// Worked out by hand from Synapse's rules (§8.5), one row per default policy.
const EXPECTED: Record<keyof typeof DEFAULTS, Record<keyof typeof JOBS, string>> = {
  none: { none: "BCDEFGK", minOnly: "DEGK", maxOnly: "CDFG", both: "DG" },
  inside: { none: "ABCDEFGIK", minOnly: "ABDEGIK", maxOnly: "ABCDFGI", both: "ABDGI" },
  below: { none: "ABCDEFGIK", minOnly: "DEGK", maxOnly: "ABCDFGI", both: "DG" },
  above: { none: "ABCDEFGIK", minOnly: "ABDEGIK", maxOnly: "CDFG", both: "DG" },
};

function letters(roomIds: string[]): string {
  const byId = new Map(Object.entries(rooms).map(([letter, id]) => [id, letter]));
  return roomIds.map((id) => byId.get(id) ?? "?").sort().join("");
}

describe("selectRoomsForJob: the include-null table", () => {
  for (const [defaultName, defaultMax] of Object.entries(DEFAULTS)) {
    for (const [jobName, bounds] of Object.entries(JOBS)) {
      it(`default ${defaultName}, job bounds ${jobName}`, async () => {
        const ctx = withConfig(base, {
          retention: { enabled: true, default_policy: defaultMax ? { max_lifetime: defaultMax } : {}, purge_jobs: [{ ...bounds, interval: "1d" }] },
        });
        const [job] = purgeJobsOf(ctx.config.retention);
        if (!job) throw new Error("no job");
        const selected = await selectRoomsForJob(ctx, job);
        const expected = EXPECTED[defaultName as keyof typeof DEFAULTS][jobName as keyof typeof JOBS];
        expect(letters(selected.map((r) => r.roomId))).toBe(expected);
        // In room_id order, and the covering job agrees with the query for every room.
        expect(selected.map((r) => r.roomId)).toEqual([...selected.map((r) => r.roomId)].sort());
        const described = await describeRoomRetention(ctx, Object.values(rooms));
        const coveredByJob = described.filter((d) => d.job === job.key).map((d) => d.roomId);
        const purgeable = selected.filter((r) => described.find((d) => d.roomId === r.roomId)?.purgeMaxLifetime !== null);
        expect(letters(coveredByJob)).toBe(letters(purgeable.map((r) => r.roomId)));
      });
    }
  }

  it("resumes after a room id and honours a limit", async () => {
    const ctx = withConfig(base, { retention: { enabled: true, default_policy: { max_lifetime: "3d" } } });
    const [job] = purgeJobsOf(ctx.config.retention);
    if (!job) throw new Error("no job");
    const all = await selectRoomsForJob(ctx, job);
    const page = await selectRoomsForJob(ctx, job, { after: all[2]?.roomId, limit: 3 });
    expect(page).toEqual(all.slice(3, 6));
    expect(all.find((r) => r.roomId === rooms.K)?.storedMax).toBe(30 * DAY);
  });
});

describe("describeRoomRetention", () => {
  const config = {
    retention: {
      enabled: true,
      default_policy: { min_lifetime: "1d", max_lifetime: "3d" },
      allowed_lifetime_min: "1d",
      allowed_lifetime_max: "3d",
      purge_jobs: [{ longest_max_lifetime: "2d", interval: "12h" }, { shortest_max_lifetime: "2d", interval: "1d" }],
    },
  };

  it("keeps room value, default, unclamped effective and clamped purge value apart", async () => {
    const ctx = withConfig(base, config);
    const [a, c, e, b] = await describeRoomRetention(ctx, [rooms.A ?? "", rooms.C ?? "", rooms.E ?? "", rooms.B ?? ""]);
    expect(a).toMatchObject({ room: null, effective: { minLifetime: DAY, maxLifetime: 3 * DAY }, source: { maxLifetime: "default" }, purgeMaxLifetime: 3 * DAY, clamped: false, job: "job:2d..*/1d" });
    // 12h asked, allowed min 1d: hidden after 12h, purged after 1d.
    expect(c).toMatchObject({ room: { maxLifetime: 12 * HOUR }, effective: { minLifetime: DAY, maxLifetime: 12 * HOUR }, source: { minLifetime: "default", maxLifetime: "room" }, purgeMaxLifetime: DAY, clamped: true, job: "job:*..2d/12h" });
    expect(e).toMatchObject({ effective: { maxLifetime: 30 * DAY }, purgeMaxLifetime: 3 * DAY, clamped: true, job: "job:2d..*/1d" });
    expect(b).toMatchObject({ room: { minLifetime: HOUR, maxLifetime: null }, effective: { minLifetime: HOUR, maxLifetime: 3 * DAY }, source: { minLifetime: "room", maxLifetime: "default" } });
  });

  it("shows nothing effective when retention is disabled, but still the stored room value", async () => {
    const ctx = withConfig(base, { ...config, retention: { ...config.retention, enabled: false } });
    const [d] = await describeRoomRetention(ctx, [rooms.D ?? ""]);
    expect(d).toMatchObject({ enabled: false, effective: { minLifetime: null, maxLifetime: null }, purgeMaxLifetime: null, job: null });
  });

  it("marks a room no job can purge (min only, no default, unbounded job) as uncovered", async () => {
    const ctx = withConfig(base, { retention: { enabled: true } });
    const [b, d] = await describeRoomRetention(ctx, [rooms.B ?? "", rooms.D ?? ""]);
    expect(b).toMatchObject({ purgeMaxLifetime: null, job: null });
    expect(d).toMatchObject({ purgeMaxLifetime: 3 * DAY, job: "job:*..*/1d" });
  });
});
