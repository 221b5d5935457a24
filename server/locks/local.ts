import { systemClock, type Clock } from "../clock";
import type { LockRequest } from "./options";
import { lockId } from "./options";

/**
 * What this process knows about its own locks, per instance name. Checking it first means waiters
 * in one process do not hit the database while a sibling holds the lock, and a release wakes them
 * without a round trip (Synapse keeps the same in-memory view).
 */
interface KeyState {
  readers: number;
  writer: boolean;
  /** Local writers waiting for this key: new local readers stand back (writer preference). */
  waitingWriters: number;
}

export interface Releasable {
  release(): Promise<void>;
}

export class InstanceLocks {
  private readonly keys = new Map<string, KeyState>();
  private readonly exclusive = new Set<string>();
  private readonly queues = new Map<string, Set<Waiter>>();
  readonly handles = new Set<Releasable>();
  readonly pending = new Set<Promise<unknown>>();

  private state(id: string): KeyState {
    let s = this.keys.get(id);
    if (!s) {
      s = { readers: 0, writer: false, waitingWriters: 0 };
      this.keys.set(id, s);
    }
    return s;
  }

  private prune(id: string): void {
    const s = this.keys.get(id);
    if (s && s.readers === 0 && !s.writer && s.waitingWriters === 0) this.keys.delete(id);
  }

  /**
   * Reserves every request if none conflicts with this process's holders (all or nothing). Returns
   * null when reserved, else what is in the way.
   */
  reserve(requests: LockRequest[]): "writer" | "readers" | "waiting writer" | null {
    for (const r of requests) {
      const s = this.keys.get(lockId(r.name, r.key));
      if (!s) continue;
      if (s.writer) return "writer";
      if (r.write && s.readers > 0) return "readers";
      if (!r.write && s.waitingWriters > 0) return "waiting writer";
    }
    for (const r of requests) {
      const s = this.state(lockId(r.name, r.key));
      if (r.write) s.writer = true;
      else s.readers++;
    }
    return null;
  }

  unreserve(requests: LockRequest[]): void {
    for (const r of requests) {
      const id = lockId(r.name, r.key);
      const s = this.state(id);
      if (r.write) s.writer = false;
      else s.readers = Math.max(0, s.readers - 1);
      this.prune(id);
    }
  }

  reserveExclusive(name: string, key: string): boolean {
    const id = lockId(name, key);
    if (this.exclusive.has(id)) return false;
    this.exclusive.add(id);
    return true;
  }

  unreserveExclusive(name: string, key: string): void {
    this.exclusive.delete(lockId(name, key));
  }

  addWaitingWriters(requests: LockRequest[], delta: 1 | -1): void {
    for (const r of requests) {
      if (!r.write) continue;
      const id = lockId(r.name, r.key);
      const s = this.state(id);
      s.waitingWriters = Math.max(0, s.waitingWriters + delta);
      this.prune(id);
    }
  }

  /** Queues a waiter on each of its locks (first come, first woken) until dequeue(). */
  enqueue(waiter: Waiter): void {
    for (const id of waiter.ids) {
      let queue = this.queues.get(id);
      if (!queue) {
        queue = new Set();
        this.queues.set(id, queue);
      }
      queue.add(waiter);
    }
  }

  dequeue(waiter: Waiter): void {
    for (const id of waiter.ids) {
      const queue = this.queues.get(id);
      queue?.delete(waiter);
      if (queue?.size === 0) this.queues.delete(id);
    }
  }

  /**
   * A lock was released (here or elsewhere): wake the first waiter of each. Waking one, not all,
   * keeps a release O(1) however many wait; a reader that gets in passes the wake on (wakeAfter).
   */
  wake(ids: string[]): void {
    for (const id of ids) this.queues.get(id)?.values().next().value?.notify();
  }

  /** Wakes, for each of the waiter's locks, the waiter queued right after it. */
  wakeAfter(waiter: Waiter): void {
    for (const id of waiter.ids) {
      let found = false;
      for (const other of this.queues.get(id) ?? []) {
        if (found) {
          other.notify();
          break;
        }
        found = other === waiter;
      }
    }
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => {});
    return promise;
  }
}

/** One caller waiting for locks; notify() wakes its current (or next) wait. */
export class Waiter {
  private resolveWait: (() => void) | null = null;
  private notified = false;

  constructor(readonly ids: string[]) {}

  notify(): void {
    const resolve = this.resolveWait;
    this.resolveWait = null;
    if (resolve) resolve();
    else this.notified = true;
  }

  /** Resolves at the next notify(), or at once if one came in since the last wait. */
  next(): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolveWait = resolve;
    });
  }

  /** Forgets a pending wait (the timer won the race). */
  reset(): void {
    this.resolveWait = null;
  }
}

const instances = new Map<string, InstanceLocks>();

export function instanceLocks(instanceName: string): InstanceLocks {
  let s = instances.get(instanceName);
  if (!s) {
    s = new InstanceLocks();
    instances.set(instanceName, s);
  }
  return s;
}

/** Waits for this instance's lock bookkeeping (renewals, attempts, reaping) to finish: for tests. */
export async function settleLocks(instanceName: string): Promise<void> {
  const s = instanceLocks(instanceName);
  for (;;) {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    if (s.pending.size === 0) return;
    await Promise.allSettled([...s.pending]);
  }
}

/**
 * Sleeps on the clock unless the signal aborts first; true when the full time passed. The system
 * clock's timer is cleared on abort, so released locks leave no timers behind.
 */
export function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      if (timer) clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    };
    if (clock === systemClock) timer = setTimeout(done, ms);
    else void clock.sleep(ms).then(done);
  });
}
