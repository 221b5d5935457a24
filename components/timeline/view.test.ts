import { describe, expect, it } from "vitest";
import { filterParam, parseAt, readView, writeView } from "./view";

describe("timeline view in the URL", () => {
  it("reads filters, an event or a date, and writes them back", () => {
    const view = readView(new URLSearchParams("types=m.room.message,%20m.reaction&senders=@a:x&contains_url=1&at=2024-05-01T10:00&tab=x"));
    expect(view).toEqual({ filter: { types: ["m.room.message", "m.reaction"], senders: ["@a:x"], contains_url: true }, event: null, at: Date.UTC(2024, 4, 1, 10) });
    expect(writeView(view, new URLSearchParams("tab=x"))).toBe("tab=x&at=2024-05-01T10%3A00&types=m.room.message%2Cm.reaction&senders=%40a%3Ax&contains_url=1");
    expect(readView({ event: "$abc", at: "2024-01-01" })).toEqual({ filter: {}, event: "$abc", at: null });
  });

  it("ignores what it cannot read", () => {
    expect(readView({ event: "not-an-id", at: "yesterday", types: " , " })).toEqual({ filter: {}, event: null, at: null });
    expect(parseAt("2024-02-03")).toBe(Date.UTC(2024, 1, 3));
    expect(filterParam({})).toBeNull();
    expect(filterParam({ not_types: ["m.reaction"] })).toBe('{"not_types":["m.reaction"]}');
  });
});
