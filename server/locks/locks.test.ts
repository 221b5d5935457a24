import { describe, expect, test } from "vitest";
import type { App } from "../app";
import { createTestApp, type TestApp } from "../testing/test-app";
import { secondInstance } from "../tasks/testing";
import { settleLocks, startLockService, tryAcquireLock, tryAcquireLocks, type LockHandle } from ".";

// §9 items 58–66 (tests/storage/databases/main/test_lock.py) on real PostgreSQL: instance A and
// instance B are two App/connection pairs with different instance names on one database.

const TIMEOUT = 120_000;
const RENEW = 30_000;

async function twoInstances(): Promise<{ a: TestApp; b: App }> {
  const a = await createTestApp();
  return { a, b: secondInstance(a, "instance-b") };
}

/** Advances the shared clock in renewal-sized steps, letting every renewal reach the database. */
async function run(a: TestApp, apps: App[], ms: number, step = RENEW): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    await a.clock.advance(Math.min(step, left));
    for (const app of apps) await settleLocks(app.instanceName);
  }
}

const w = (name: string, key: string) => ({ name, key, write: true });
const r = (name: string, key: string) => ({ name, key, write: false });

function held(handle: LockHandle | null): LockHandle {
  if (!handle) throw new Error("expected the lock to be acquired");
  return handle;
}

describe("exclusive locks (worker_locks)", () => {
  test("58: a held lock refuses others (here and on another instance) until released", async () => {
    const { a, b } = await twoInstances();
    const lock = held(await tryAcquireLock(a.ctx("t"), "name", "key"));
    expect(await tryAcquireLock(b.ctx("t"), "name", "key")).toBeNull();
    expect(await tryAcquireLock(a.ctx("t"), "name", "key")).toBeNull();
    expect(await lock.isStillValid()).toBe(true);
    await lock.release();
    expect(await lock.isStillValid()).toBe(false);
    const again = held(await tryAcquireLock(b.ctx("t"), "name", "key"));
    await again.release();
  });

  test("59: a held lock is not lost after 5× the timeout (renewal works)", async () => {
    const { a, b } = await twoInstances();
    const lock = held(await tryAcquireLock(a.ctx("t"), "name", "key"));
    await run(a, [a, b], 5 * TIMEOUT);
    expect(await tryAcquireLock(b.ctx("t"), "name", "key")).toBeNull();
    expect(await lock.isStillValid()).toBe(true);
    await lock.release();
  });

  test("60: renewal stopped: after 2× the timeout another takes it and the old lock is invalid", async () => {
    const { a, b } = await twoInstances();
    const lock = held(await tryAcquireLock(a.ctx("t"), "name", "key"));
    lock.abandon();
    expect(await lock.isStillValid()).toBe(true);
    await run(a, [a, b], 2 * TIMEOUT);
    const taken = held(await tryAcquireLock(b.ctx("t"), "name", "key"));
    expect(await lock.isStillValid()).toBe(false);
    expect(await taken.isStillValid()).toBe(true);
    await taken.release();
  });

  test("61: a lock dropped without release is free after 2× the timeout, not before", async () => {
    const { a, b } = await twoInstances();
    held(await tryAcquireLock(a.ctx("t"), "name", "key")).abandon();
    expect(await tryAcquireLock(b.ctx("t"), "name", "key")).toBeNull();
    await run(a, [a, b], TIMEOUT - RENEW);
    expect(await tryAcquireLock(b.ctx("t"), "name", "key")).toBeNull();
    await run(a, [a, b], TIMEOUT + RENEW);
    await held(await tryAcquireLock(b.ctx("t"), "name", "key")).release();
  });

  test("62: stopping the instance releases every lock it holds", async () => {
    const { a, b } = await twoInstances();
    const service = await startLockService(b);
    held(await tryAcquireLock(b.ctx("t"), "name", "key"));
    held(await tryAcquireLocks(b.ctx("t"), [w("rw", "k")]));
    expect(await tryAcquireLock(a.ctx("t"), "name", "key")).toBeNull();
    await service.stop();
    await held(await tryAcquireLock(a.ctx("t"), "name", "key")).release();
    await held(await tryAcquireLocks(a.ctx("t"), [w("rw", "k")])).release();
  });
});

describe("read/write locks (worker_read_write_locks)", () => {
  test("63: a writer excludes writers and readers; after release a writer gets in", async () => {
    const { a, b } = await twoInstances();
    const writer = held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")]));
    for (const ctx of [a.ctx("t"), b.ctx("t")]) {
      expect(await tryAcquireLocks(ctx, [w("name", "key")])).toBeNull();
      expect(await tryAcquireLocks(ctx, [r("name", "key")])).toBeNull();
    }
    await writer.release();
    await held(await tryAcquireLocks(b.ctx("t"), [w("name", "key")])).release();
  });

  test("64: readers share and keep writers out until the last one leaves", async () => {
    const { a, b } = await twoInstances();
    const r1 = held(await tryAcquireLocks(a.ctx("t"), [r("name", "key")]));
    expect(await tryAcquireLocks(b.ctx("t"), [w("name", "key")])).toBeNull();
    const r2 = held(await tryAcquireLocks(b.ctx("t"), [r("name", "key")]));
    const r3 = held(await tryAcquireLocks(a.ctx("t"), [r("name", "key")]));
    await r1.release();
    expect(await tryAcquireLocks(b.ctx("t"), [w("name", "key")])).toBeNull();
    expect(await tryAcquireLocks(a.ctx("t"), [w("name", "key")])).toBeNull();
    await r2.release();
    await r3.release();
    await held(await tryAcquireLocks(b.ctx("t"), [w("name", "key")])).release();
  });

  test("65: renewal keeps a read/write lock past 5× the timeout; a dropped one frees after 2×; stop releases", async () => {
    const { a, b } = await twoInstances();
    const writer = held(await tryAcquireLocks(a.ctx("t"), [w("renewed", "key")]));
    const reader = held(await tryAcquireLocks(a.ctx("t"), [r("dropped", "key")]));
    reader.abandon();
    expect(await tryAcquireLocks(b.ctx("t"), [w("dropped", "key")])).toBeNull();
    await run(a, [a, b], 5 * TIMEOUT);
    expect(await tryAcquireLocks(b.ctx("t"), [r("renewed", "key")])).toBeNull();
    expect(await writer.isStillValid()).toBe(true);
    expect(await reader.isStillValid()).toBe(false);
    await held(await tryAcquireLocks(b.ctx("t"), [w("dropped", "key")])).release();
    const service = await startLockService(a);
    await service.stop();
    expect(await writer.isStillValid()).toBe(false);
    await held(await tryAcquireLocks(b.ctx("t"), [w("renewed", "key")])).release();
  });

  test("65b: the reaper deletes stale rows, so readers are not blocked by a dead writer", async () => {
    const { a, b } = await twoInstances();
    held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")])).abandon();
    await startLockService(b);
    const rows = async () => (await a.conn.sql`select count(*)::int as n from worker_read_write_locks`)[0]?.n as number;
    await run(a, [a, b], TIMEOUT, 6_000);
    expect(await rows()).toBe(1);
    await run(a, [a, b], 12_000, 6_000);
    expect(await rows()).toBe(0); // deleted by the 12 s reaper loop
    await held(await tryAcquireLocks(b.ctx("t"), [r("name", "key")])).release();
  });

  test("66: a multi-lock is all or nothing", async () => {
    const { a, b } = await twoInstances();
    const multi = held(await tryAcquireLocks(a.ctx("t"), [w("n1", "k1"), w("n2", "k2")]));
    expect(await tryAcquireLocks(b.ctx("t"), [w("n1", "k1")])).toBeNull();
    expect(await tryAcquireLocks(b.ctx("t"), [r("n2", "k2")])).toBeNull();
    expect(await tryAcquireLocks(b.ctx("t"), [w("n1", "k1"), w("n3", "k3")])).toBeNull();
    expect(await tryAcquireLocks(a.ctx("t"), [w("n1", "k1"), w("n3", "k3")])).toBeNull();
    // The failed multi-lock left n3/k3 free.
    await held(await tryAcquireLocks(b.ctx("t"), [w("n3", "k3")])).release();
    await multi.release();
    await held(await tryAcquireLocks(b.ctx("t"), [w("n1", "k1"), w("n2", "k2"), r("n3", "k3")])).release();
  });

  test("a stale writer row is taken over by the next acquirer without waiting for the reaper", async () => {
    const { a, b } = await twoInstances();
    const dead = held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")]));
    dead.abandon();
    await run(a, [a, b], TIMEOUT + RENEW);
    const taken = held(await tryAcquireLocks(b.ctx("t"), [w("name", "key"), w("other", "key")]));
    expect(await dead.isStillValid()).toBe(false);
    await taken.release();
  });
});
