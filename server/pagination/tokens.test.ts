import { describe, expect, it } from "vitest";
import { matchesPattern, likePattern } from "./filter";
import { decideBackfill } from "./gap-analysis";
import { parseDirParam, parseFilterParam, parseLimitParam, parsePaginationQuery } from "./schemas";
import { compareKeys, formatRoomKey, nextKey, parseToken } from "./tokens";

describe("tokens (§1.2, §1.3, decisions.md)", () => {
  it("parses bare and underscore forms", () => {
    expect(parseToken("s5")).toEqual({ kind: "stream", stream: 5 });
    expect(parseToken("s-5")).toEqual({ kind: "stream", stream: -5 });
    expect(parseToken("t4-7")).toEqual({ kind: "topo", depth: 4, stream: 7 });
    expect(parseToken("t5--3")).toEqual({ kind: "topo", depth: 5, stream: -3 });
    expect(parseToken("t47409-4357353_219380_26003_2265_0_0_0_0_0_0_0_0_0")).toEqual({ kind: "topo", depth: 47409, stream: 4357353 });
    expect(parseToken("s0_0_0_0_0_0_0_0_0_0")).toEqual({ kind: "stream", stream: 0 });
    expect(parseToken("m56~2.58~3.59")).toEqual({ kind: "stream", stream: 56 });
    expect(parseToken("m5~")).toEqual({ kind: "stream", stream: 5 });
  });

  it("rejects malformed tokens", () => {
    for (const bad of ["", "garbage", "t-5-3", "t5", "tx-1", "s", "s1.5", "x1", "m5~2.4", "m5~a.9", "s1_0_0_0_0_0_0_0_0_0_0_0_0_0", "s99999999999999999", "t1-2-3"]) {
      expect(parseToken(bad), bad).toBeNull();
    }
  });

  it("formats bare keys and builds next tokens per direction", () => {
    expect(formatRoomKey({ kind: "topo", depth: 3, stream: -1 })).toBe("t3--1");
    expect(formatRoomKey({ kind: "stream", stream: 0 })).toBe("s0");
    expect(nextKey({ depth: 4, streamOrdering: 9 }, "b")).toEqual({ kind: "topo", depth: 4, stream: 8 });
    expect(nextKey({ depth: 4, streamOrdering: 9 }, "f")).toEqual({ kind: "topo", depth: 4, stream: 9 });
    expect(compareKeys({ kind: "topo", depth: 2, stream: 1 }, { kind: "topo", depth: 1, stream: 9 })).toBeGreaterThan(0);
    expect(compareKeys({ kind: "stream", stream: 2 }, { kind: "topo", depth: 9, stream: 3 })).toBeLessThan(0);
  });
});

describe("query parameters (§1.6, §1.7, §1.10)", () => {
  it("limit: default 10, clamp 1000, negatives and junk rejected", () => {
    expect(parseLimitParam(null)).toBe(10);
    expect(parseLimitParam("0")).toBe(0);
    expect(parseLimitParam("5000")).toBe(1000);
    for (const bad of ["-1", "x", "1e3", "", " "]) expect(() => parseLimitParam(bad), bad).toThrow(expect.objectContaining({ errcode: "M_INVALID_PARAM" }));
  });

  it("dir defaults to f; from END or empty means the default", () => {
    expect(parseDirParam(null)).toBe("f");
    expect(() => parseDirParam("x")).toThrow(expect.objectContaining({ errcode: "M_INVALID_PARAM" }));
    expect(parsePaginationQuery(new URLSearchParams("from=END&dir=b"))).toMatchObject({ from: null, fromText: null, dir: "b", limit: 10 });
    expect(parsePaginationQuery(new URLSearchParams("from="))).toMatchObject({ from: null });
    expect(parsePaginationQuery(new URLSearchParams("raw"))).toMatchObject({ raw: true });
  });

  it("filter: not JSON → M_NOT_JSON, wrong types → M_BAD_JSON", () => {
    expect(parseFilterParam(null)).toBeNull();
    expect(() => parseFilterParam("}}}{}")).toThrow(expect.objectContaining({ errcode: "M_NOT_JSON" }));
    expect(() => parseFilterParam("[]")).toThrow(expect.objectContaining({ errcode: "M_BAD_JSON" }));
    expect(() => parseFilterParam('{"types":"x"}')).toThrow(expect.objectContaining({ errcode: "M_BAD_JSON" }));
    expect(parseFilterParam('{"types":["a"],"unknown":1}')).toEqual({ types: ["a"] });
  });
});

describe("type patterns (decisions.md)", () => {
  it("treats * as any run and _ % as literal, in SQL and in memory", () => {
    expect(likePattern("m.room.*")).toBe("m.room.%");
    expect(likePattern("a_b%c*")).toBe("a\\_b\\%c%");
    expect(matchesPattern("m.room.message", "m.room.*")).toBe(true);
    expect(matchesPattern("f.message.2", "f.*.2")).toBe(true);
    expect(matchesPattern("axb", "a_b")).toBe(false);
    expect(matchesPattern("a_b", "a_b")).toBe(true);
    expect(matchesPattern("a.b", "a.b")).toBe(true);
    expect(matchesPattern("axb", "a.b")).toBe(false);
  });
});

describe("gap analysis (§3.1)", () => {
  it("decides foreground, background or none", () => {
    expect(decideBackfill({ dir: "f", depths: [], limit: 10 })).toBe("none");
    expect(decideBackfill({ dir: "b", depths: [5, 4, 3], limit: 10 })).toBe("foreground");
    expect(decideBackfill({ dir: "b", depths: [10, 9, 8, 7], limit: 4 })).toBe("background");
    expect(decideBackfill({ dir: "b", depths: [10, 7, 6, 5], limit: 4 })).toBe("foreground"); // step 3: big gap
    expect(decideBackfill({ dir: "b", depths: [1, 3, 5, 7, 9], limit: 5 })).toBe("foreground"); // 4 gaps > 3
    expect(decideBackfill({ dir: "b", depths: [1, 3, 5, 7, 8], limit: 5 })).toBe("background"); // 3 gaps
    expect(decideBackfill({ dir: "b", depths: [4, 4, 4, 3], limit: 4 })).toBe("background"); // same depth repeated
  });
});
