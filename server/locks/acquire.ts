import type { Ctx } from "../context";
import { countLiveExclusiveLock, deleteExclusiveLock, insertExclusiveLock, renewExclusiveLock } from "./exclusive-store";
import { LeaseHandle, newLockToken, type LockHandle, type LockStore } from "./handle";
import { instanceLocks } from "./local";
import { exclusiveLockId, normalizeRequests, resolveLockOptions, type LockOptions, type LockRequest, type ResolvedLockOptions } from "./options";
import { countLiveReadWriteLocks, deleteReadWriteLocks, insertReadWriteLocks, renewReadWriteLocks } from "./rw-store";

/**
 * One attempt at several read/write locks at once, all or nothing, never waiting. Null when any
 * conflicts: a writer holds one, readers hold one we want to write, or (for reads) a writer waits.
 * ctx.db must not be a transaction: the rows must be visible to other sessions at once.
 */
export async function tryAcquireLocks(ctx: Ctx, requests: LockRequest[], options: LockOptions = {}): Promise<LockHandle | null> {
  return (await attemptReadWrite(ctx, normalizeRequests(requests), resolveLockOptions(options), null)).handle;
}

export interface Attempt {
  handle: LockHandle | null;
  /**
   * Whether a waiting writer should announce itself in the database: not when a writer of this
   * process holds the lock (its row already keeps every reader out), so contention inside one
   * process costs no extra rows.
   */
  announce: boolean;
}

export async function attemptReadWrite(
  ctx: Ctx,
  requests: LockRequest[],
  options: ResolvedLockOptions,
  waiterToken: string | null,
): Promise<Attempt> {
  if (requests.length === 0) throw new Error("tryAcquireLocks needs at least one lock");
  const local = instanceLocks(ctx.instanceName);
  const inTheWay = local.reserve(requests);
  if (inTheWay !== null) return { handle: null, announce: inTheWay !== "writer" };
  const token = newLockToken();
  let acquired = false;
  try {
    acquired = await local.track(insertReadWriteLocks(ctx, { requests, token, waiterToken, timeoutMs: options.timeoutMs }));
  } finally {
    if (!acquired) local.unreserve(requests);
  }
  if (!acquired) return { handle: null, announce: true };
  const store: LockStore = {
    size: requests.length,
    renew: (c) => renewReadWriteLocks(c, token),
    countLive: (c) => countLiveReadWriteLocks(c, token, options.timeoutMs),
    remove: (c) => deleteReadWriteLocks(c, token),
    unreserve: () => local.unreserve(requests),
  };
  return { handle: new LeaseHandle(ctx, token, requests, store, options), announce: false };
}

/** One attempt at the exclusive lock (name, key) (Synapse's worker_locks); null when held elsewhere. */
export async function tryAcquireLock(ctx: Ctx, name: string, key: string, options: LockOptions = {}): Promise<LockHandle | null> {
  const resolved = resolveLockOptions(options);
  const local = instanceLocks(ctx.instanceName);
  if (!local.reserveExclusive(name, key)) return null;
  const token = newLockToken();
  let acquired = false;
  try {
    acquired = await local.track(insertExclusiveLock(ctx, { name, key, token, timeoutMs: resolved.timeoutMs }));
  } finally {
    if (!acquired) local.unreserveExclusive(name, key);
  }
  if (!acquired) return null;
  const store: LockStore = {
    size: 1,
    renew: (c) => renewExclusiveLock(c, name, key, token),
    countLive: (c) => countLiveExclusiveLock(c, name, key, token, resolved.timeoutMs),
    remove: (c) => deleteExclusiveLock(c, name, key, token),
    unreserve: () => local.unreserveExclusive(name, key),
  };
  return new LeaseHandle(ctx, token, [{ name, key, write: true }], store, resolved, [exclusiveLockId(name, key)]);
}
