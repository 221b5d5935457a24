import { describe, expect, it } from "vitest";
import { auditSearch, parseAuditFilters } from "./audit-params";

describe("audit log filters in the URL", () => {
  it("reads filters and the page position; drops malformed values", () => {
    expect(parseAuditFilters({ actor: " @a:b ", room: "!r:b", action: "cancel_task", from: "42" })).toEqual({ actor: "@a:b", room: "!r:b", action: "cancel_task", from: 42 });
    expect(parseAuditFilters({ actor: "@a\u0000:b", from: "-1" })).toEqual({ actor: "", room: "", action: "", from: undefined });
    expect(parseAuditFilters({ from: ["7", "8"] }).from).toBe(7);
  });

  it("writes only the set filters", () => {
    expect(auditSearch({ actor: "@a:b", room: "", from: 5 })).toBe("?actor=%40a%3Ab&from=5");
    expect(auditSearch({})).toBe("");
  });
});
