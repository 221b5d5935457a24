import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { systemClock } from "../clock";
import { createTestApp } from "../testing/test-app";
import { secondInstance } from "../tasks/testing";
import { startLockService, tryAcquireLocks, withLocks } from ".";

// A holder in another process is killed with SIGKILL: its lease expires and the lock is free again
// within the lease time. Real processes and real time (a 3 s lease keeps it short).

const LEASE_MS = 3_000;
const lock = { name: "killme", key: "!room:test", write: true };

function startHolder(url: string): Promise<ReturnType<typeof spawn>> {
  const script = fileURLToPath(new URL("./hold-lock.child.ts", import.meta.url));
  // Its own process group: npx starts tsx, which starts node; the SIGKILL must reach all of them.
  const child = spawn("npx", ["tsx", script, url, String(LEASE_MS), lock.name, lock.key], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`holder exited early (${code}): ${err}`)));
  });
}

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("killing the holder process (SIGKILL) frees its lock within the lease time", async () => {
  const db = await createTestApp();
  const parent = secondInstance(db, "parent", systemClock);
  await startLockService(parent, { timeoutMs: LEASE_MS });
  const ctx = parent.ctx("system:test");
  const child = await startHolder(db.url);
  try {
    expect(await tryAcquireLocks(ctx, [lock], { timeoutMs: LEASE_MS })).toBeNull();
    // The child renews every lease / 4: past a whole lease it still holds the lock.
    await realSleep(LEASE_MS + 500);
    expect(await tryAcquireLocks(ctx, [lock], { timeoutMs: LEASE_MS })).toBeNull();
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  }
  const killedAt = Date.now();
  await new Promise((resolve) => child.once("exit", resolve));
  let acquiredAt = 0;
  await withLocks(ctx, [lock], async () => {
    acquiredAt = Date.now();
  }, { timeoutMs: LEASE_MS });
  const freedAfter = acquiredAt - killedAt;
  console.log(`lock free ${freedAfter} ms after SIGKILL (lease ${LEASE_MS} ms)`);
  // Not before the last renewal (at most lease / 4 before the kill) has aged a whole lease…
  expect(freedAfter).toBeGreaterThanOrEqual((LEASE_MS * 3) / 4 - 100);
  // …and soon after: the reaper (every lease / 10) deletes the row and its NOTIFY wakes the waiter.
  expect(freedAfter).toBeLessThanOrEqual(LEASE_MS + 2_000);
});
