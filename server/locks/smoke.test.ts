import { expect, test } from "vitest";
import { createTestApp } from "../testing/test-app";
import { tryAcquireLocks, withLocks } from ".";

test("smoke: read/write exclusion and withLocks", async () => {
  const app = await createTestApp();
  const ctx = app.ctx("system:test");
  const w = await tryAcquireLocks(ctx, [{ name: "n", key: "k", write: true }]);
  expect(w).not.toBeNull();
  expect(await tryAcquireLocks(ctx, [{ name: "n", key: "k", write: false }])).toBeNull();
  const waiting = withLocks(ctx, [{ name: "n", key: "k", write: false }], async () => "read");
  await w?.release();
  expect(await waiting).toBe("read");
});
