import { describe, expect, test } from "vitest";
import type { App } from "../app";
import { createTestApp, type TestApp } from "../testing/test-app";
import { secondInstance, until } from "../tasks/testing";
import { acquireLocks, settleLocks, startLockService, tryAcquireLocks, withLock, withLocks, type LockHandle } from ".";

// §9 items 67–68 (tests/handlers/test_worker_lock.py) and writer preference (decisions.md).

const w = (name: string, key: string) => ({ name, key, write: true });
const r = (name: string, key: string) => ({ name, key, write: false });

function held(handle: LockHandle | null): LockHandle {
  if (!handle) throw new Error("expected the lock to be acquired");
  return handle;
}

async function twoInstances(): Promise<{ a: TestApp; b: App }> {
  const a = await createTestApp();
  const b = secondInstance(a, "instance-b");
  await startLockService(a);
  await startLockService(b);
  return { a, b };
}

/** Tracks whether a promise has settled, without awaiting it. */
function watch<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let settled = false;
  void promise.finally(() => {
    settled = true;
  });
  return { done: () => settled, promise };
}

async function flush(apps: App[]): Promise<void> {
  for (const app of apps) await settleLocks(app.instanceName);
}

describe("waiting for locks", () => {
  test("67: a waiter in the same process acquires as soon as the holder releases", async () => {
    const { a } = await twoInstances();
    const holder = held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")]));
    const waiter = watch(withLocks(a.ctx("t"), [w("name", "key")], async () => "second"));
    await flush([a]);
    expect(waiter.done()).toBe(false);
    await holder.release();
    // No clock advance: the release itself wakes the waiter.
    expect(await waiter.promise).toBe("second");
  });

  test("onWait is told once when the locks are taken, and never when they are free", async () => {
    const { a } = await twoInstances();
    let free = 0;
    await withLocks(a.ctx("t"), [w("free", "key")], async () => undefined, { onWait: async () => void free++ });
    expect(free).toBe(0);
    const holder = held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")]));
    let told = 0;
    const waiter = watch(withLocks(a.ctx("t"), [w("name", "key")], async () => "after", { onWait: async () => void told++ }));
    await flush([a]);
    await a.clock.advance(1_000);
    await flush([a]);
    expect(told).toBe(1);
    expect(waiter.done()).toBe(false);
    await holder.release();
    expect(await waiter.promise).toBe("after");
    expect(told).toBe(1);
  });

  test("67: a waiter on another instance is woken by the release NOTIFY", async () => {
    const { a, b } = await twoInstances();
    const holder = held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")]));
    const waiter = watch(withLocks(b.ctx("t"), [r("name", "key")], async () => "reader on b"));
    await flush([a, b]);
    expect(waiter.done()).toBe(false);
    await holder.release();
    expect(await waiter.promise).toBe("reader on b");
  });

  test("67: exclusive locks wait the same way (withLock)", async () => {
    const { a, b } = await twoInstances();
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = withLock(a.ctx("t"), "x", "k", async () => {
      order.push("a start");
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      order.push("a end");
    });
    await until(() => order.length === 1);
    const second = watch(withLock(b.ctx("t"), "x", "k", async () => order.push("b")));
    await flush([a, b]);
    expect(second.done()).toBe(false);
    releaseFirst();
    await first;
    await second.promise;
    expect(order).toEqual(["a start", "a end", "b"]);
  });

  test("writer preference: a waiting writer keeps new readers out, here and on other instances", async () => {
    const { a, b } = await twoInstances();
    const reader = held(await tryAcquireLocks(a.ctx("t"), [r("room", "!r")]));
    expect(await tryAcquireLocks(b.ctx("t"), [r("room", "!r")])).not.toBeNull(); // readers share
    const writer = watch(acquireLocks(b.ctx("t"), [w("room", "!r")]));
    await until(async () => (await a.conn.sql`select count(*)::int as n from worker_lock_waiters`)[0]?.n === 1);
    expect(await tryAcquireLocks(a.ctx("t"), [r("room", "!r")])).toBeNull();
    expect(await tryAcquireLocks(b.ctx("t"), [r("room", "!r")])).toBeNull();
    // A stream of readers cannot starve it: the current readers leave and the writer gets in.
    await reader.release();
    await releaseAll(b);
    const lock = await writer.promise;
    expect(await a.conn.sql`select count(*)::int as n from worker_lock_waiters`).toEqual([{ n: 0 }]);
    expect(await tryAcquireLocks(a.ctx("t"), [r("room", "!r")])).toBeNull();
    await lock.release();
    await held(await tryAcquireLocks(a.ctx("t"), [r("room", "!r")])).release();
  });

  test("a waiting writer's row expires if the waiter dies, letting readers back in", async () => {
    const { a, b } = await twoInstances();
    const reader = held(await tryAcquireLocks(a.ctx("t"), [r("room", "!r")]));
    void acquireLocks(b.ctx("t"), [w("room", "!r")]);
    await until(async () => (await a.conn.sql`select count(*)::int as n from worker_lock_waiters`)[0]?.n === 1);
    await a.conn.sql`update worker_lock_waiters set last_renewed_ts = ${a.clock.now() - 120_001}`;
    await held(await tryAcquireLocks(a.ctx("t"), [r("room", "!r")])).release();
    await reader.release();
  });

  test("68: a waiter backing off for an hour acquires within timeout + reap interval + 5 s of the holder vanishing", async () => {
    const { a, b } = await twoInstances();
    const holder = held(await tryAcquireLocks(a.ctx("t"), [w("name", "key")]));
    let acquiredAt = 0;
    const waiter = watch(
      withLocks(b.ctx("t"), [w("name", "key")], async () => {
        acquiredAt = a.clock.now();
      }),
    );
    // Steps of 30 s: the waiter's back-off is capped at 5.5 s, so it retries in every step.
    for (let t = 0; t < 3_600_000; t += 30_000) {
      await a.clock.advance(30_000);
      await flush([a, b]);
    }
    expect(waiter.done()).toBe(false);
    holder.abandon();
    const vanishedAt = a.clock.now();
    while (!waiter.done() && a.clock.now() - vanishedAt < 300_000) {
      await a.clock.advance(1_000);
      await flush([a, b]);
    }
    await waiter.promise;
    expect(acquiredAt - vanishedAt).toBeGreaterThanOrEqual(120_000 - 30_000);
    expect(acquiredAt - vanishedAt).toBeLessThanOrEqual(120_000 + 12_000 + 5_000);
  });
});

async function releaseAll(app: App): Promise<void> {
  const { releaseAllLocks } = await import(".");
  await releaseAllLocks(app.ctx("t"));
}
