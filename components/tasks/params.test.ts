import { describe, expect, it } from "vitest";
import { filterTime, parseTaskFilters, taskFilterSearch } from "./params";

describe("task list filters in the URL", () => {
  it("keeps valid values and drops malformed ones", () => {
    const filters = parseTaskFilters(new URLSearchParams("action=purge_history&status=active&room=!a:b&since=2026-01-02T03:04&until=tomorrow"));
    expect(filters).toEqual({ action: "purge_history", status: "active", room: "!a:b", since: "2026-01-02T03:04", until: "" });
    expect(parseTaskFilters({ status: "bogus", action: "drop table;" })).toEqual({ action: "", status: "", room: "", since: "", until: "" });
    expect(parseTaskFilters({ room: "!a\u0000b:c" }).room).toBe("");
  });

  it("round-trips through the query string and reads times as UTC", () => {
    const filters = parseTaskFilters({ action: "retention_purge", status: "", room: "", since: "", until: "" });
    expect(taskFilterSearch(filters)).toBe("?action=retention_purge");
    expect(filterTime("1970-01-01T00:01")).toBe(60_000);
    expect(filterTime("1970-01-01T00:01", true)).toBe(119_999);
    expect(filterTime("")).toBeUndefined();
  });
});
