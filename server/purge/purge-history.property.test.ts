import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { paginateRoom } from "../pagination";
import { purgeHistory } from "./purge-history";
import { previewPurge } from "./preview-purge";
import { resolvePurgePoint } from "./purge-point";
import { formatPurgeToken } from "./token";
import { danglingRows, readTables, toState } from "./testing/db-state";
import { applyPurgeModel } from "./testing/model";
import { rng, seedRandomRoom } from "./testing/random-room";

const app = await createTestApp();
const ctx = app.ctx("system:test");
const KEPT = new Set(["blocked_rooms", "audit_log"]);

/** Every token the room had before the purge still answers /messages (admin API), both directions. */
async function oldTokensAnswer(roomId: string, tokens: string[], survivors: Set<string>): Promise<void> {
  const sample = tokens.filter((_, i) => i % Math.ceil(tokens.length / 12) === 0);
  for (const from of sample) {
    for (const dir of ["b", "f"] as const) {
      const page = await paginateRoom(ctx, { roomId, viewer: { admin: true }, from, dir, limit: 5 });
      for (const event of page.chunk) expect(survivors.has(String(event.event_id))).toBe(true);
    }
  }
}

const coverage = { deleted: 0, demoted: 0, outliersDeleted: 0, pruned: 0, forks: 0, refused: 0 };

describe("purge history against the reference model (fixed seed)", () => {
  const master = rng(20261125);
  const runs = Array.from({ length: 24 }, (_, i) => ({
    seed: Math.floor(master() * 1e9),
    events: 30 + Math.floor(master() * 90),
    byTs: master() < 0.3,
    deleteLocalEvents: master() < 0.5,
    batchSize: 1 + Math.floor(master() * 40),
    pointAt: master(),
    i,
  }));

  it.each(runs)("run $i: seed $seed, $events events, batch $batchSize, delete_local $deleteLocalEvents", { timeout: 180_000 }, async (run) => {
    const roomId = `!prop${run.i}:test`;
    const events = await seedRandomRoom(ctx, { roomId, seed: run.seed, events: run.events, idPrefix: `p${run.i}`, tick: () => app.clock.advance(1000) });
    const live = events.filter((e) => !e.outlier);
    const boundary = live[Math.floor(run.pointAt * live.length)] ?? live[0];
    if (!boundary) throw new Error("no live event");
    const point = await resolvePurgePoint(ctx, run.byTs ? { roomId, ts: boundary.receivedTs } : { roomId, eventId: boundary.eventId });
    const preview = await previewPurge(ctx, { roomId, eventId: point.eventId, deleteLocalEvents: run.deleteLocalEvents });
    const before = await readTables(app.conn.sql);
    const tokens = events.map((e) => formatPurgeToken({ depth: e.depth, stream: e.streamOrdering }));

    const job = { roomId, depth: point.depth, deleteLocalEvents: run.deleteLocalEvents };
    const progress = await purgeHistory(ctx, job, { batchSize: run.batchSize });

    const expected = applyPurgeModel(before, job);
    const after = await readTables(app.conn.sql);
    expect(toState(after)).toEqual(toState(expected.after));
    expect(progress).toMatchObject({ phase: "done", deleted: expected.deleted.size, total: expected.deleted.size, demoted: expected.demoted.size });
    expect(await danglingRows(app.conn.sql, KEPT)).toEqual([]);
    // The preview announced exactly this.
    expect(preview.delete.total).toBe(expected.deleted.size);
    expect(preview.delete.local + preview.delete.remote).toBe(expected.deleted.size);
    expect(preview.keep.stateEvents + preview.keep.localEvents).toBe(expected.demoted.size);
    // Kept candidates are outliers; every event at or after the boundary depth is untouched.
    const survivors = new Set(after.events?.filter((e) => e.room_id === roomId && !e.outlier).map((e) => String(e.event_id)));
    for (const e of events) {
      if (e.depth >= point.depth && !e.outlier) expect(survivors.has(e.eventId)).toBe(true);
    }
    await oldTokensAnswer(roomId, tokens, survivors);
    coverage.deleted += expected.deleted.size;
    coverage.demoted += expected.demoted.size;
    coverage.outliersDeleted += events.filter((e) => e.outlier && expected.deleted.has(e.eventId)).length;
    const redactedBy = (e: Record<string, unknown>) => String(e.redacted_by ?? "");
    coverage.pruned += (before.events ?? []).filter((e) => expected.deleted.has(redactedBy(e)) && !expected.deleted.has(String(e.event_id))).length;
    coverage.forks += events.filter((e) => e.prevEvents.length > 1).length;
  });

  it("refuses a purge point beyond the forward extremities and changes nothing", async () => {
    const roomId = "!prop_refused:test";
    const events = await seedRandomRoom(ctx, { roomId, seed: 7, events: 40, idPrefix: "pr" });
    const maxDepth = Math.max(...events.filter((e) => !e.outlier).map((e) => e.depth));
    const before = toState(await readTables(app.conn.sql));
    await expect(purgeHistory(ctx, { roomId, depth: maxDepth + 1, deleteLocalEvents: true })).rejects.toThrow(/greater than forward extremities/);
    expect(toState(await readTables(app.conn.sql))).toEqual(before);
    coverage.refused++;
  });

  it("exercised every branch of the rule across the runs", () => {
    expect(coverage.deleted).toBeGreaterThan(100);
    expect(coverage.demoted).toBeGreaterThan(50);
    expect(coverage.outliersDeleted).toBeGreaterThan(0);
    expect(coverage.pruned).toBeGreaterThan(0);
    expect(coverage.forks).toBeGreaterThan(0);
    expect(coverage.refused).toBe(1);
  });
});
