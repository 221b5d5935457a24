import { describe, expect, it } from "vitest";
import { describeEvent } from "./describe-event";
import type { TimelineEvent } from "./types";

const retention = (content: Record<string, unknown>): TimelineEvent => ({
  event_id: "$r",
  type: "m.room.retention",
  sender: "@admin:test",
  origin_server_ts: 0,
  state_key: "",
  content,
});

describe("describeEvent: retention policies", () => {
  it("says the lifetime in its own unit, short ones included (not '0 days')", () => {
    expect(describeEvent(retention({ max_lifetime: 1000 }))).toBe("set a retention policy (max 1s)");
    expect(describeEvent(retention({ max_lifetime: 90 * 60_000 }))).toBe("set a retention policy (max 1h 30m)");
    expect(describeEvent(retention({ max_lifetime: 30 * 86_400_000 }))).toBe("set a retention policy (max 30d)");
  });

  it("says when there is no maximum", () => {
    expect(describeEvent(retention({ min_lifetime: 1000 }))).toBe("set a retention policy (no maximum)");
  });
});
