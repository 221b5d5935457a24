import type { Ctx } from "../context";
import { attemptReadWrite, tryAcquireLock, type Attempt } from "./acquire";
import { newLockToken, type LockHandle } from "./handle";
import { instanceLocks, sleepUnlessAborted, Waiter } from "./local";
import {
  BACKOFF_MAX_MS,
  BACKOFF_START_MS,
  exclusiveLockId,
  lockId,
  normalizeRequests,
  resolveLockOptions,
  WAIT_WARNING_MS,
  type LockOptions,
  type LockRequest,
  type ResolvedLockOptions,
} from "./options";
import { deleteWaiterRows, insertWaiterRows, renewWaiterRows } from "./waiters";

export interface Lease {
  /** Aborts if the lease is lost while fn runs (the lock may then belong to someone else). */
  signal: AbortSignal;
}

/**
 * Runs fn holding all the requested read/write locks: waits as long as it takes (woken by releases
 * here or on any instance, else by a 0.1 s…5 s back-off), renews while fn runs, releases in finally.
 * A waiting writer registers itself so new readers stand back (writer preference).
 */
export async function withLocks<T>(ctx: Ctx, requests: LockRequest[], fn: (lease: Lease) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const handle = await acquireLocks(ctx, requests, options);
  try {
    return await fn({ signal: handle.signal });
  } finally {
    await handle.release();
  }
}

/** Waits for the exclusive lock (name, key), as withLocks. */
export async function withLock<T>(ctx: Ctx, name: string, key: string, fn: (lease: Lease) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const handle = await waitFor(ctx, [exclusiveLockId(name, key)], async () => ({ handle: await tryAcquireLock(ctx, name, key, options), announce: false }));
  try {
    return await fn({ signal: handle.signal });
  } finally {
    await handle.release();
  }
}

/** The waiting half of withLocks: resolves with a held handle that the caller must release. */
export async function acquireLocks(ctx: Ctx, requests: LockRequest[], options: LockOptions = {}): Promise<LockHandle> {
  const normalized = normalizeRequests(requests);
  const resolved = resolveLockOptions(options);
  const waiter = new WaitingWriter(ctx, normalized, resolved);
  let handle: LockHandle | null = null;
  try {
    handle = await waitFor(
      ctx,
      normalized.map((r) => lockId(r.name, r.key)),
      () => attemptReadWrite(ctx, normalized, resolved, waiter.token),
      () => waiter.register(),
      normalized.every((r) => !r.write),
      options.onWait,
    );
    return handle;
  } finally {
    await waiter.stop(handle !== null);
  }
}

async function waitFor(
  ctx: Ctx,
  ids: string[],
  attempt: () => Promise<Attempt>,
  announce?: () => Promise<void>,
  readOnly = false,
  onWait?: () => Promise<void>,
): Promise<LockHandle> {
  const local = instanceLocks(ctx.instanceName);
  let delay = BACKOFF_START_MS;
  let told = false;
  let timer: Promise<boolean> | null = null;
  const started = ctx.clock.now();
  let warnAt = started + WAIT_WARNING_MS;
  const cancelTimer = new AbortController();
  // Queued before the first attempt: a release that lands while an attempt (or the announcement)
  // is in flight is remembered and makes the next wait return at once.
  const waiter = new Waiter(ids);
  local.enqueue(waiter);
  try {
    for (;;) {
      const result = await attempt();
      if (result.handle) {
        // Readers share: the next waiter may be a reader that can come in too.
        if (readOnly) local.wakeAfter(waiter);
        return result.handle;
      }
      if (result.announce) await announce?.();
      if (!told) {
        told = true;
        await onWait?.();
      }
      // Keep one back-off timer until it fires: wake-ups in between must not stack new timers.
      if (!timer) {
        // Whole milliseconds: the clock feeds bigint columns.
        const ms = Math.round(delay * (0.9 + Math.random() * 0.2));
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
        timer = sleepUnlessAborted(ctx.clock, ms, cancelTimer.signal).then((slept) => {
          timer = null;
          return slept;
        });
      }
      await Promise.race([timer, waiter.next()]);
      waiter.reset();
      if (ctx.clock.now() >= warnAt) {
        ctx.logger.warn("waiting a long time for a lock", { locks: ids, waitedMs: ctx.clock.now() - started });
        warnAt = ctx.clock.now() + WAIT_WARNING_MS;
      }
    }
  } finally {
    cancelTimer.abort(DONE_WAITING);
    local.dequeue(waiter);
  }
}

const STOPPED = new Error("stopped waiting");
const DONE_WAITING = new Error("done waiting");

/** The waiting-writer rows of one acquireLocks call, renewed until it acquires or gives up. */
class WaitingWriter {
  private tokenValue: string | null = null;
  private registered = false;
  private readonly stopRenewing = new AbortController();

  /** Null until the writer announces itself (only then does it need rows). */
  get token(): string | null {
    return this.tokenValue;
  }

  constructor(
    private readonly ctx: Ctx,
    private readonly requests: LockRequest[],
    private readonly options: ResolvedLockOptions,
  ) {}

  async register(): Promise<void> {
    if (this.registered || !this.requests.some((r) => r.write)) return;
    this.registered = true;
    this.tokenValue = newLockToken();
    const local = instanceLocks(this.ctx.instanceName);
    local.addWaitingWriters(this.requests, 1);
    await local.track(insertWaiterRows(this.ctx, this.requests, this.tokenValue ?? ""));
    void this.renewLoop();
  }

  private async renewLoop(): Promise<void> {
    const local = instanceLocks(this.ctx.instanceName);
    while (await sleepUnlessAborted(this.ctx.clock, this.options.renewMs, this.stopRenewing.signal)) {
      await local.track(renewWaiterRows(this.ctx, this.tokenValue ?? "")).catch(() => {});
    }
  }

  /** The acquiring transaction already deleted the rows; if we gave up, delete them and let readers in. */
  async stop(acquired: boolean): Promise<void> {
    if (!this.registered) return;
    this.stopRenewing.abort(STOPPED);
    const local = instanceLocks(this.ctx.instanceName);
    local.addWaitingWriters(this.requests, -1);
    if (acquired) return;
    await local.track(deleteWaiterRows(this.ctx, this.tokenValue ?? "")).catch(() => {});
    local.wake(this.requests.map((r) => lockId(r.name, r.key)));
  }
}
