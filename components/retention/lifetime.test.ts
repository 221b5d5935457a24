import { describe, expect, it } from "vitest";
import { formatDuration } from "../tasks/format";
import { parseLifetime } from "./lifetime";

describe("policy editor lifetimes", () => {
  it.each([
    ["", null],
    ["30d", 30 * 86_400_000],
    [" 12 h ", 12 * 3_600_000],
    ["90s", 90_000],
    ["1500", 1500],
    ["1Y", 365 * 86_400_000],
  ])("parses %j", (text, ms) => expect(parseLifetime(text)).toEqual({ ok: true, ms }));

  it.each(["-1d", "1.5d", "d", "30 days", "99999999999999999y"])("refuses %j", (text) => expect(parseLifetime(text).ok).toBe(false));

  it("formats durations as the editor reads them", () => {
    expect(formatDuration(30 * 86_400_000)).toBe("30d");
    expect(formatDuration(86_400_000 + 3_600_000)).toBe("1d 1h");
    expect(formatDuration(500)).toBe("500ms");
    expect(formatDuration(null)).toBe("none");
  });
});
