import { describe, expect, test } from "vitest";
import { createTestApp } from "@/server/testing/test-app";
import { scheduleTask } from "@/server/tasks";
import { parseTaskCursor, parseTaskFilters } from "@/components/tasks/params";
import { listTaskPage } from "./list";

const noFilters = parseTaskFilters({});

describe("listTaskPage (the console's tasks list)", () => {
  test("pages newest first by (timestamp, id): tasks sharing a timestamp are neither repeated nor skipped", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("system:test");
    const ids: string[] = [];
    // 7 tasks over 3 timestamps, so page boundaries fall inside a group of equal timestamps.
    for (let i = 0; i < 7; i += 1) ids.push(await scheduleTask(ctx, { action: "purge_history", resourceId: "!a:test", timestamp: app.clock.now() + 1_000 + Math.floor(i / 3) }));
    await scheduleTask(ctx, { action: "purge_history", resourceId: "!other:test", timestamp: app.clock.now() + 5_000 });
    const room = parseTaskFilters({ room: "!a:test" });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listTaskPage(ctx, room, cursor === null ? null : parseTaskCursor({ before: cursor }), 2);
      seen.push(...page.tasks.map((t) => t.id));
      expect(page.tasks.length).toBe(page.next === null ? 1 : 2);
      cursor = page.next;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(4);
    const expected = (await listTaskPage(ctx, room, null, 100)).tasks.map((t) => t.id);
    expect(seen).toEqual(expected);
    expect([...seen].sort()).toEqual([...ids].sort());
    // Newest first, over three distinct timestamps.
    const stamps = (await listTaskPage(ctx, room, null, 100)).tasks.map((t) => t.timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
    expect(new Set(stamps).size).toBe(3);
  });

  test("one page when everything fits; the filters still apply on older pages", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("system:test");
    // Future times: a task due in the past is scheduled for now.
    const t0 = app.clock.now();
    for (let i = 0; i < 3; i += 1) await scheduleTask(ctx, { action: "retention_purge", resourceId: "!b:test", timestamp: t0 + 2_000 + i });
    await scheduleTask(ctx, { action: "purge_room", resourceId: "!b:test", timestamp: t0 + 1_500 });
    expect(await listTaskPage(ctx, noFilters, null, 10)).toMatchObject({ next: null });
    const retention = parseTaskFilters({ action: "retention_purge" });
    const first = await listTaskPage(ctx, retention, null, 2);
    expect(first.tasks.map((t) => t.timestamp)).toEqual([t0 + 2_002, t0 + 2_001]);
    const second = await listTaskPage(ctx, retention, parseTaskCursor({ before: first.next ?? "" }), 2);
    expect(second.tasks.map((t) => [t.action, t.timestamp])).toEqual([["retention_purge", t0 + 2_000]]);
    expect(second.next).toBeNull();
  });
});
