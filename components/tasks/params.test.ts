import { describe, expect, it } from "vitest";
import { filterTime, parseTaskCursor, parseTaskFilters, taskCursorParam, taskFilterSearch } from "./params";

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

  it("reads the page cursor ?before=<timestamp>.<id> and ignores malformed ones", () => {
    expect(parseTaskCursor({ before: "1764100000000.AbCdEfGhIjKlMnOp" })).toEqual({ timestamp: 1764100000000, id: "AbCdEfGhIjKlMnOp" });
    expect(taskCursorParam({ timestamp: 5, id: "abc" })).toBe("5.abc");
    for (const before of ["", "yesterday", "12", ".abc", "1.a b", "99999999999999999.x", "1.a\u0000"]) expect(parseTaskCursor({ before })).toBeNull();
    expect(parseTaskCursor(new URLSearchParams("before=7.x&room=!a:b"))).toEqual({ timestamp: 7, id: "x" });
  });
});
